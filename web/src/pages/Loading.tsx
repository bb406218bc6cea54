import { Spin } from 'antd';

export const Loading = () => (
  <div style={{ display: 'grid', placeItems: 'center', minHeight: '40vh' }}>
    <Spin size="large" />
  </div>
);

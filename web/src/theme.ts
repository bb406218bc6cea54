// One look for the whole app: a sober government blue, large readable text, contrast above WCAG AA.
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0b5394',
    colorLink: '#0b5394',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    // Ant Design's lighter greys (labels, hints) fall below WCAG AA contrast on white.
    colorTextTertiary: 'rgba(0, 0, 0, 0.64)',
    fontSize: 15,
    borderRadius: 6,
    fontFamily: "'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#0b3d6e', headerColor: '#fff', bodyBg: '#f3f5f8' },
    Descriptions: { labelColor: 'rgba(0, 0, 0, 0.68)' },
  },
};

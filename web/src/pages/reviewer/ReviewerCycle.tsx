// A reviewer works on their own department: a cycle's address leads them to its workspace.
import { Navigate, useParams } from 'react-router';
import { useSession } from '../../session';

export default function ReviewerCycle() {
  const { id = '' } = useParams();
  const { user } = useSession();
  return <Navigate to={`/cycles/${id}/units/${user?.unitId ?? ''}`} replace />;
}

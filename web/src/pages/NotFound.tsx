import { Empty } from '../components/States';
import { Link } from '../router';

export function NotFound() {
  return (
    <Empty>
      <h2>No such page</h2>
      <p>
        Go to the <Link to="/runs">runs</Link> or the <Link to="/plans">plans</Link>.
      </p>
    </Empty>
  );
}

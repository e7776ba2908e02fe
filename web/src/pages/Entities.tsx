import { Page } from '../components/Page';

export function Entities() {
  return (
    <Page title="Entities">
      <p>Coming soon.</p>
    </Page>
  );
}

import { Page } from '../components/Page';

export function Alerts() {
  return (
    <Page title="Alerts">
      <p>Coming soon.</p>
    </Page>
  );
}

import { Page } from '../components/Page';

export function NotFound() {
  return (
    <Page title="Not found">
      <p>
        There is no page here. <a href="/">Back to the overview</a>.
      </p>
    </Page>
  );
}

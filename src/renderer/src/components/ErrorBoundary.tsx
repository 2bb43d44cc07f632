import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n';
import { toEnvelope } from '../lib/errors';
import { CopyId } from './CopyId';

type Kind = 'screen' | 'drawer';

/** What a boundary shows instead of what failed: words in the user's language, the request id, a way back. */
function BoundaryFallback({
  kind,
  error,
  onBack,
  onRetry,
}: {
  kind: Kind;
  error: unknown;
  onBack: () => void;
  onRetry: () => void;
}) {
  const { t } = useI18n();
  const { requestId } = toEnvelope(error);
  return (
    <Alert
      color="red"
      variant="light"
      title={t(kind === 'screen' ? 'boundary.screenTitle' : 'boundary.drawerTitle')}
      data-testid={`error-boundary-${kind}`}
    >
      <Stack gap="sm">
        <Text size="sm">{t('boundary.body')}</Text>
        {requestId && (
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('app.requestId')}
            </Text>
            <CopyId value={requestId} testId="error-boundary-request-id" />
          </Group>
        )}
        <Group gap="sm">
          <Button size="xs" onClick={onBack} data-testid="error-boundary-back">
            {t(kind === 'screen' ? 'boundary.back' : 'boundary.closeDrawer')}
          </Button>
          <Button size="xs" variant="default" onClick={onRetry}>
            {t('boundary.retry')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

type Props = {
  kind: Kind;
  /** the way back: to the client list for a screen, closing it for a drawer */
  onBack: () => void;
  /** a new value (another screen, another item) clears a shown failure */
  resetKey?: string;
  children: ReactNode;
};
type State = { error: unknown; failed: boolean; resetKey: string | undefined };

/**
 * Keeps a failure of one screen or drawer inside it: the rest of the app keeps working, and the user sees what
 * happened and how to go on instead of a white page.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { resetKey: props.resetKey, error: null, failed: false } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // the page's own console only: the message names no key and no data beyond what is on screen
    console.error('screen failed', toEnvelope(error).message, info.componentStack?.slice(0, 2000));
  }

  private readonly retry = () => this.setState({ error: null, failed: false });

  private readonly back = () => {
    this.setState({ error: null, failed: false });
    this.props.onBack();
  };

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return <BoundaryFallback kind={this.props.kind} error={this.state.error} onBack={this.back} onRetry={this.retry} />;
  }
}

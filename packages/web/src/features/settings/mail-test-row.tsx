import { Alert, Button, Flex, Form, Input } from 'antd';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { useUser } from '../auth/session.js';
import { mailServerAnswer, type useSendTestMail } from './settings-api.js';

/** Sends one message now with the saved settings and shows what the mail server said, in its own words. */
export function MailTestRow({ test }: { test: ReturnType<typeof useSendTestMail> }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const user = useUser();
  const answer = test.isError ? mailServerAnswer(test.error) : test.data?.response;
  return (
    <Form<{ to: string }>
      name="mailTest"
      layout="vertical"
      requiredMark={false}
      initialValues={{ to: user.email }}
      onFinish={({ to }) => test.mutate(to.trim())}
      style={{ marginTop: 24, paddingTop: 16, borderTop: '1px solid #f0f0f0' }}
      data-testid="mail-test"
    >
      <Form.Item label={t('settings.mail.test')} extra={t('settings.mail.testHint')}>
        <Flex gap={8}>
          <Form.Item name="to" noStyle rules={[{ required: true, whitespace: true, message: t('error.required') }, { type: 'email', message: t('error.email') }]}>
            <Input type="email" maxLength={254} autoComplete="off" aria-label={t('settings.mail.testTo')} style={{ flex: 1, minWidth: 0 }} data-testid="mail-test-to" />
          </Form.Item>
          <Button htmlType="submit" loading={test.isPending} data-testid="mail-test-send">
            {t('settings.mail.testSend')}
          </Button>
        </Flex>
      </Form.Item>
      {(test.isSuccess || test.isError) && (
        <Alert
          type={test.isSuccess ? 'success' : 'error'}
          showIcon
          title={test.isSuccess ? t('settings.mail.testSent') : errorText(test.error)}
          description={answer ? <span className="pond-wrap">{t('settings.mail.testAnswer', { response: answer })}</span> : undefined}
          data-testid="mail-test-result"
          data-ok={test.isSuccess ? 'true' : 'false'}
        />
      )}
    </Form>
  );
}

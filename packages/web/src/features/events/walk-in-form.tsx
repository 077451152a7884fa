import { App, Button, Drawer, Flex, Form, Input, Typography } from 'antd';
import { usePhonePlaceholder } from '../../app/phone-examples.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ContactLookup } from '../prospects/contact-lookup.js';
import { useSheetProps } from '../prospects/sheet.js';
import { useInvitationMutations, type CheckInResult, type PondEvent } from './events-api.js';
import { FormError } from '../../app/form-error.js';

interface Values {
  name: string;
  company?: string;
  phone?: string;
  email?: string;
}

/**
 * Someone at the door who was not invited: a new prospect (the event is its source, whoever checks in collects it),
 * checked in at once. A name and one phone or e-mail, so they can be reached the next day.
 */
export function WalkInForm({ event, open, onClose, onDone }: { event: PondEvent; open: boolean; onClose: () => void; onDone: (result: CheckInResult) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const sheet = useSheetProps(420);
  const returnFocus = useReturnFocus(open);
  const phonePlaceholder = usePhonePlaceholder();
  const [form] = Form.useForm<Values>();
  const phone = Form.useWatch('phone', form);
  const email = Form.useWatch('email', form);
  const { walkIn } = useInvitationMutations(event.id);

  const submit = (v: Values) => {
    const phoneText = v.phone?.trim();
    const emailText = v.email?.trim();
    walkIn.mutate(
      { name: v.name.trim(), company: v.company?.trim() || null, phones: phoneText ? [phoneText] : [], emails: emailText ? [emailText] : [], grade: 'unrated' },
      {
        onSuccess: (result) => {
          void message.success(t('events.walkInAdded', { name: result.invitation.prospect.name }));
          onDone(result);
          onClose();
        },
      },
    );
  };
  const contactRule = {
    validator: () => {
      const all = form.getFieldsValue(['phone', 'email']) as Values;
      return all.phone?.trim() || all.email?.trim() ? Promise.resolve() : Promise.reject(new Error(t('events.contactNeeded')));
    },
  };

  return (
    <Drawer
      {...sheet}
      size={sheet.placement === 'bottom' ? 'auto' : sheet.size}
      open={open}
      onClose={onClose}
      title={t('events.addWalkIn')}
      destroyOnHidden
      focusable={returnFocus.focusable}
      afterOpenChange={(o) => {
        if (!o) {
          returnFocus.closed();
          walkIn.reset();
        }
      }}
      data-testid="walk-in-drawer"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('events.walkInIntro')}
      </Typography.Paragraph>
      <FormError form={form} error={walkIn.error} style={{ marginBottom: 12 }} testId="walk-in-error" />
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit} data-testid="walk-in-form">
        <Form.Item name="name" label={t('prospect.name')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
          <Input size="large" autoFocus maxLength={200} autoComplete="off" data-testid="walk-in-name" />
        </Form.Item>
        <Form.Item name="company" label={t('prospect.company')}>
          <Input size="large" maxLength={200} autoComplete="off" data-testid="walk-in-company" />
        </Form.Item>
        <Form.Item name="phone" label={t('events.phone')} dependencies={['email']} rules={[contactRule]}>
          <Input size="large" type="tel" inputMode="tel" maxLength={40} autoComplete="off" placeholder={phonePlaceholder} data-testid="walk-in-phone" />
        </Form.Item>
        <ContactLookup value={phone} />
        <Form.Item name="email" label={t('events.email')} dependencies={['phone']} rules={[contactRule, { type: 'email', message: t('error.email') }]}>
          <Input size="large" type="email" inputMode="email" maxLength={254} autoComplete="off" data-testid="walk-in-email" />
        </Form.Item>
        <ContactLookup value={email} />
        <Flex gap={8} justify="end" wrap>
          <Button size="large" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button size="large" type="primary" htmlType="submit" loading={walkIn.isPending} data-testid="walk-in-save">
            {t('events.walkInSave')}
          </Button>
        </Flex>
      </Form>
    </Drawer>
  );
}

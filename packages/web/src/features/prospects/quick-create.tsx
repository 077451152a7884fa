import { Alert, Button, Collapse, Drawer, Flex, Form, Input, Radio } from 'antd';
import { useNavigate } from 'react-router';
import { usePhonePlaceholder } from '../../app/phone-examples.js';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ContactLookup, contactKind } from './contact-lookup.js';
import { GRADES, type Grade } from './prospect-types.js';
import { useProspectMutations } from './prospects-api.js';
import { useSheetProps } from './sheet.js';
import { useReturnFocus } from '../../app/use-return-focus.js';

interface Values {
  name: string;
  contact: string;
  grade: Grade;
  notes?: string;
}

/** A card in hand, ten seconds: name, one phone or email, a grade. Everything else can wait. */
export function QuickCreate({ open, onClose, onFullForm }: { open: boolean; onClose: () => void; onFullForm: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const sheet = useSheetProps(420);
  const [form] = Form.useForm<Values>();
  const contact = Form.useWatch('contact', form);
  const { create } = useProspectMutations();
  const returnFocus = useReturnFocus(open);
  const phonePlaceholder = usePhonePlaceholder();

  const submit = (v: Values) => {
    const value = v.contact.trim();
    const isEmail = value.includes('@');
    create.mutate(
      { name: v.name.trim(), grade: v.grade, phones: isEmail ? [] : [value], emails: isEmail ? [value] : [], notes: v.notes?.trim() || null },
      {
        onSuccess: ({ prospect }) => {
          onClose();
          navigate(`/prospects/${prospect.id}`);
        },
      },
    );
  };

  return (
    <Drawer
      {...sheet}
      size={sheet.placement === 'bottom' ? 'auto' : sheet.size}
      open={open}
      onClose={onClose}
      title={t('quick.title')}
      destroyOnHidden
      focusable={returnFocus.focusable}
      afterOpenChange={(o) => {
        if (!o) {
          returnFocus.closed();
          create.reset();
        }
      }}
      data-testid="quick-create"
    >
      {create.isError && <Alert type="error" showIcon title={errorText(create.error)} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit} data-testid="quick-form">
        <Form.Item name="name" label={t('prospect.name')} rules={[{ required: true, whitespace: true, message: t('error.required') }]}>
          <Input autoFocus maxLength={200} autoComplete="off" data-testid="quick-name" />
        </Form.Item>
        <Form.Item
          name="contact"
          label={t('quick.contact')}
          rules={[
            { required: true, whitespace: true, message: t('error.required') },
            { validator: (_, v: string | undefined) => (!v || contactKind(v) ? Promise.resolve() : Promise.reject(new Error(t('quick.contactInvalid')))) },
          ]}
        >
          <Input inputMode={contact?.includes('@') ? 'email' : 'tel'} maxLength={254} autoComplete="off" placeholder={phonePlaceholder} data-testid="quick-contact" />
        </Form.Item>
        <ContactLookup value={contact} />
        <Form.Item name="grade" label={t('prospect.grade')} rules={[{ required: true, message: t('quick.gradeRequired') }]}>
          <Radio.Group
            block
            optionType="button"
            buttonStyle="solid"
            options={GRADES.map((g) => ({ value: g, label: g === 'unrated' ? t('grade.unratedShort') : g }))}
            data-testid="quick-grade"
          />
        </Form.Item>
        <Collapse
          ghost
          size="small"
          style={{ marginBottom: 12 }}
          items={[
            {
              key: 'notes',
              label: t('prospect.notes'),
              children: (
                <Form.Item name="notes" style={{ marginBottom: 0 }}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} showCount maxLength={5000} aria-label={t('prospect.notes')} data-testid="quick-notes" />
                </Form.Item>
              ),
            },
          ]}
        />
        <Flex gap={8} justify="space-between" align="center" wrap>
          <Button type="link" onClick={onFullForm} style={{ paddingInline: 0 }} data-testid="quick-full">
            {t('quick.fullForm')}
          </Button>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="quick-save">
            {t('common.create')}
          </Button>
        </Flex>
      </Form>
    </Drawer>
  );
}

import { Button, Collapse, Drawer, Flex, Form, Input, Radio } from 'antd';
import { useNavigate } from 'react-router';
import { usePhonePlaceholder } from '../../app/phone-examples.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { ContactLookup, contactKind } from './contact-lookup.js';
import { GRADES, type Grade, type Source } from './prospect-types.js';
import { useProspectMutations } from './prospects-api.js';
import { useSheetProps } from './sheet.js';
import { useReturnFocus } from '../../app/use-return-focus.js';
import { FormError } from '../../app/form-error.js';
import { useTextLimit } from '../../app/text-limit.js';

interface Values {
  name: string;
  contact: string;
  grade: Grade;
  source?: Source;
  notes?: string;
}

/** The ways a card usually arrives, one tap each; the rest are in the full form. */
const QUICK_SOURCES = ['walk_in', 'card', 'referral', 'event'] as const satisfies readonly Source[];

/** A card in hand, ten seconds: name, one phone or email, a grade. Everything else can wait. */
export function QuickCreate({ open, onClose, onFullForm }: { open: boolean; onClose: () => void; onFullForm: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const sheet = useSheetProps(420);
  const [form] = Form.useForm<Values>();
  const contact = Form.useWatch('contact', form);
  const { create } = useProspectMutations();
  const returnFocus = useReturnFocus(open);
  const phonePlaceholder = usePhonePlaceholder();
  const limit = useTextLimit();

  const submit = (v: Values) => {
    const value = v.contact.trim();
    const kind = contactKind(value);
    create.mutate(
      {
        name: v.name.trim(),
        grade: v.grade,
        phones: kind === 'phone' ? [value] : [],
        emails: kind === 'email' ? [value] : [],
        wechatId: kind === 'wechat' ? value : null,
        ...(v.source && { source: v.source }),
        notes: v.notes?.trim() || null,
      },
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
      <FormError form={form} error={create.error} rename={{ phones: 'contact', emails: 'contact', wechatId: 'contact' }} style={{ marginBottom: 12 }} />
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={{ grade: 'unrated' }} onFinish={submit} data-testid="quick-form">
        <Form.Item name="name" label={t('prospect.name')} rules={[{ required: true, whitespace: true, message: t('error.required') }, limit(200).rule]}>
          <Input autoFocus count={limit(200).count} autoComplete="off" data-testid="quick-name" />
        </Form.Item>
        <Form.Item
          name="contact"
          label={t('quick.contact')}
          rules={[
            { required: true, whitespace: true, message: t('error.required') },
            { validator: (_, v: string | undefined) => (!v || contactKind(v) ? Promise.resolve() : Promise.reject(new Error(t('quick.contactInvalid')))) },
          ]}
        >
          <Input inputMode={contact?.includes('@') ? 'email' : /^[a-z]/i.test(contact ?? '') ? 'text' : 'tel'} maxLength={254} autoComplete="off" placeholder={phonePlaceholder} data-testid="quick-contact" />
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
        <Form.Item name="source" label={t('prospect.source')}>
          <Radio.Group
            block
            optionType="button"
            options={QUICK_SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))}
            data-testid="quick-source"
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

import { useState } from 'react';
import { App, Button, Flex, Select, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useErrorText } from '../../app/use-error-text.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Prospect } from './prospect-types.js';
import { useProspectMutations, useTeamUsers } from './prospects-api.js';

/** 交叉聯系: colleagues who know this prospect and may contact them on the company's behalf. */
export function Colleagues({ prospect }: { prospect: Prospect }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const team = useTeamUsers();
  const { linkColleague, unlinkColleague } = useProspectMutations();
  const [adding, setAdding] = useState(false);
  const canLink = prospect.can.linkColleagues && team.available;
  const linked = new Set([...prospect.colleagues.map((c) => c.id), prospect.owner?.id]);
  const onError = (err: unknown) => void message.error(errorText(err));

  return (
    <Flex gap={6} wrap align="center" data-testid="colleagues">
      {prospect.colleagues.length === 0 && !canLink && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
      {prospect.colleagues.map((c) => (
        <Tag
          key={c.id}
          closable={prospect.can.linkColleagues}
          onClose={(e) => {
            e.preventDefault();
            unlinkColleague.mutate({ id: prospect.id, userId: c.id }, { onError });
          }}
          style={{ marginInlineEnd: 0 }}
        >
          {c.name}
        </Tag>
      ))}
      {canLink &&
        (adding ? (
          <Select
            autoFocus
            defaultOpen
            size="small"
            style={{ minWidth: 160 }}
            showSearch
            optionFilterProp="label"
            placeholder={t('detail.pickColleague')}
            options={team.users.filter((u) => !linked.has(u.id)).map((u) => ({ value: u.id, label: u.displayName }))}
            onBlur={() => setAdding(false)}
            onChange={(userId: number) => {
              setAdding(false);
              linkColleague.mutate({ id: prospect.id, userId }, { onError });
            }}
            data-testid="colleague-picker"
          />
        ) : (
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="colleague-add">
            {t('detail.linkColleague')}
          </Button>
        ))}
    </Flex>
  );
}

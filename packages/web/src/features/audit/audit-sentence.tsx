import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router';
import { actorWords, auditEntityName, auditRefKey, auditSentence, fillTemplate, recordWords, type SentencePart, type Words } from '@pond/domain/audit';
import type { AuditEntry } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { MESSAGES, type MessageKey } from '../../i18n/locales.js';

/** Where a record of each kind can be seen; kinds without a page of their own are named in words only. */
function pageOf(type: string, id: string | null): string | null {
  if (type === 'user') return '/admin/users';
  if (type === 'team') return '/admin/teams';
  if (id === null) return null;
  if (type === 'prospect') return `/prospects/${id}`;
  if (type === 'event') return `/events/${id}`;
  if (type === 'newsletter') return `/newsletters/${id}`;
  return null;
}

/** Words for the entry's keys, from the domain's choice of message; a key this build lacks reads as itself. */
export function useAuditWords() {
  const { t, locale } = useI18n();
  return (w: Words) => ('text' in w ? w.text : w.key in MESSAGES[locale] ? t(w.key as MessageKey, w.values) : w.key);
}

/**
 * An audit entry as a sentence in the reader's language: "王經理 changed 小樂’s role to manager". The actor and the
 * records it names are links where Pond has a page for them and the record still exists (it has a name).
 */
export function AuditSentence({ entry }: { entry: AuditEntry }) {
  const { locale } = useI18n();
  const words = useAuditWords();
  const sentence = auditSentence(entry);

  // A record is a link only when the server found it (a name only recorded in the entry may be of one that is gone).
  const record = (type: string, id: string | null, name: string | null, found: boolean): ReactNode => {
    const text = words(recordWords(type, id, name));
    const to = found ? pageOf(type, id) : null;
    return to ? <Link to={to}>{text}</Link> : text;
  };

  const part = (p: SentencePart | undefined): ReactNode => {
    if (!p) return null;
    switch (p.kind) {
      case 'actor': {
        const text = words(actorWords(entry, entry.actorName));
        return entry.actorId !== null && entry.actorName ? <Link to="/admin/users">{text}</Link> : text;
      }
      case 'entity':
        return record(entry.entityType, entry.entityId, auditEntityName(entry), entry.entityName !== null);
      case 'ref': {
        const name = entry.related[auditRefKey(p.ref)] ?? null;
        return record(p.ref.type, p.ref.id, name, name !== null);
      }
      case 'term':
        return words({ key: p.key, values: {} });
      case 'text':
        return p.text;
      case 'number':
        return new Intl.NumberFormat(locale).format(p.value);
    }
  };

  const template = words({ key: sentence.key, values: {} });
  return (
    <span className="pond-wrap" data-testid="audit-sentence">
      {fillTemplate(template, (slot) => part(sentence.values[slot])).map((piece, i) => (
        <Fragment key={i}>{piece}</Fragment>
      ))}
    </span>
  );
}

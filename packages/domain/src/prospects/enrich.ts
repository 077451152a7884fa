import type { CardAdds } from './views.js';

/** What a prospect already holds that a card is compared with. */
export interface Held {
  phones: readonly string[];
  emails: readonly string[];
  wechatId: string | null;
  title: string | null;
  company: string | null;
  notes: string | null;
}

/** At most this many phones and e-mails a prospect keeps (the schemas' lists), and this many characters of notes. */
const MAX_CONTACTS = 10;
const MAX_NOTES = 5000;

/**
 * What a card that matches a prospect brings that the prospect lacks: phones and e-mails it does not have (within
 * the lists' size), a WeChat ID, title or company where the prospect has none, and notes it does not already
 * contain (added under its own). Null when the card brings nothing new. A value the prospect has is never replaced.
 */
export function cardAdds(card: Held, held: Held): CardAdds | null {
  const phones = card.phones.filter((p) => !held.phones.includes(p)).slice(0, Math.max(0, MAX_CONTACTS - held.phones.length));
  const emails = card.emails.filter((e) => !held.emails.includes(e)).slice(0, Math.max(0, MAX_CONTACTS - held.emails.length));
  const fill = (mine: string | null, theirs: string | null) => (theirs?.trim() && !mine?.trim() ? theirs.trim() : null);
  const note = card.notes?.trim();
  const notes = note && !(held.notes ?? '').includes(note) && joinNotes(held.notes, note).length <= MAX_NOTES ? note : null;
  const adds: CardAdds = { phones, emails, wechatId: fill(held.wechatId, card.wechatId), title: fill(held.title, card.title), company: fill(held.company, card.company), notes };
  const any = phones.length + emails.length > 0 || adds.wechatId !== null || adds.title !== null || adds.company !== null || notes !== null;
  return any ? adds : null;
}

/** The prospect's notes with a card's added under them, a blank line between. */
export function joinNotes(held: string | null, added: string): string {
  return held?.trim() ? `${held.trimEnd()}\n\n${added}` : added;
}

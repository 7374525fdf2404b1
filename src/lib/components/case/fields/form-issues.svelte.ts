import type { Issue } from '$lib/domain/modules/catalog';
import { issueMessage, issueText } from '$lib/domain/modules/messages';
import type { Locale } from '$lib/i18n/locale';
import { issuesByField } from '../modules/education-records';

const unique = (texts: string[]) => texts.filter((t, i) => texts.indexOf(t) === i);

/** What 保存 of an entry's form refused: the list above the form and each field's reasons. */
export class FormIssues {
	list = $state<Issue[]>([]);
	readonly #byField = $derived(issuesByField(this.list));
	readonly summary = $derived(unique(this.list.map((i) => issueText(i, this.locale))));

	constructor(private readonly locale: Locale) {}

	/** The reasons of one field (by its last path segment), or null. */
	errorOf(key: string): string | null {
		const list = this.#byField.get(key);
		return list ? unique(list.map((i) => issueMessage(i, this.locale))).join('；') : null;
	}

	/** An edited field drops its shown reasons (保存 checks again). */
	clear(...keys: string[]): void {
		if (this.list.some((i) => keys.includes(i.field ?? '')))
			this.list = this.list.filter((i) => !keys.includes(i.field ?? ''));
	}
}

import { tick } from 'svelte';

/**
 * Which entry of a list module is open in its form (添加 / 修改), the notice after a change, and
 * the 添加 button that focus returns to when the form closes.
 */
export class ListEditing<Notice> {
	/** undefined: the list; null: 添加; a number: 修改 of that entry. */
	editing = $state<number | null | undefined>(undefined);
	notice = $state<Notice | null>(null);
	addButton = $state<HTMLButtonElement | undefined>();

	readonly add = () => this.open(null);
	readonly edit = (index: number) => this.open(index);

	/** 取消: back to the list. */
	readonly close = () => {
		this.editing = undefined;
		void this.focusAdd();
	};

	/** 保存 (or a deletion): back to the list with what happened. */
	async done(notice: Notice | null): Promise<void> {
		this.editing = undefined;
		this.notice = notice;
		await this.focusAdd();
	}

	reset(): void {
		this.editing = undefined;
		this.notice = null;
	}

	private open(index: number | null) {
		this.notice = null;
		this.editing = index;
	}

	async focusAdd(): Promise<void> {
		await tick();
		this.addButton?.focus();
	}
}

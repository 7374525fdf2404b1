import type { CaseKind } from './sync';
import type { ScopeType } from './roles';

/**
 * The levels a submitted case passes, in order (DESIGN §2): 评审 goes unit → 主管部门 → 人社部门
 * (申报点) → 评委会; 初定 goes unit → 主管部门 → the 报送受理部门 (an HR-side acceptance).
 */
export function reviewLevels(kind: CaseKind): ScopeType[] {
	return kind === 'review'
		? ['unit', 'department', 'hr', 'committee']
		: ['unit', 'department', 'hr'];
}

import { describeDatabase, openDatabase } from '../db/connect';
import { createFirstAdmin } from './create-admin';

// `npm run create-admin [account]`: the first administrator of the configured database.
const conn = await openDatabase();
try {
	const result = await createFirstAdmin(conn.sql, { account: process.argv[2] || 'admin' });
	if (result.status === 'created') {
		console.log(
			`已在 ${describeDatabase()} 创建管理员 / Administrator created in ${describeDatabase()}:`
		);
		console.log(`  账号 / account:  ${result.account}`);
		console.log(`  密码 / password: ${result.password}`);
		console.log(
			'此密码只显示这一次，不会保存。 This password is shown only this once and is not stored.'
		);
	} else {
		console.error(
			result.reason === 'admin_exists'
				? '已有管理员，未创建。 An administrator exists already; nothing was created.'
				: '该账号已被使用，未创建。 That account name is taken; nothing was created.'
		);
		process.exitCode = 1;
	}
} finally {
	await conn.close();
}

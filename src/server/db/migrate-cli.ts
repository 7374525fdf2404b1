import { config } from '../config';
import { connectDatabase } from './connect';
import { migrate } from './migrate';

const conn = await connectDatabase();
try {
	const applied = await migrate(conn.sql, config.migrationsDir);
	console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
} finally {
	await conn.close();
}

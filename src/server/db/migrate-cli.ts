import { connectDatabase, migrateDatabase } from './connect';

const conn = await connectDatabase();
try {
	const applied = await migrateDatabase(conn);
	console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date');
} finally {
	await conn.close();
}

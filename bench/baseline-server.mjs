// Baseline for the HTTP benchmarks: a bare node:http JSON handler, the fastest a Node server on
// this machine answers. Started as a child process by bench/suites/trpc.ts on loopback.
import { createServer } from 'node:http';

const body = JSON.stringify({
	result: { data: { id: 'baseline', name: '基准', mobile: '138****0001', idNumber: null } }
});

const server = createServer((req, res) => {
	req.resume();
	res.writeHead(200, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(body),
		'cache-control': 'no-store'
	});
	res.end(body);
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => {
	console.log(`baseline listening on ${process.env.PORT}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

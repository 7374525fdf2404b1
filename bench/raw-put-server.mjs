// Baseline for the upload benchmark: a bare node:http server that streams each PUT body to a file
// in OUT_DIR and answers with the number of bytes written once the file is closed. Started as a
// child process by bench/suites/upload.ts on loopback.
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

let n = 0;
const server = createServer((req, res) => {
	if (req.method !== 'PUT') {
		req.resume();
		res.writeHead(req.method === 'GET' ? 200 : 405).end();
		return;
	}
	const file = createWriteStream(path.join(process.env.OUT_DIR, `put-${n++}.bin`));
	pipeline(req, file).then(
		() => {
			const body = String(file.bytesWritten);
			res.writeHead(201, { 'content-type': 'text/plain', 'content-length': body.length });
			res.end(body);
		},
		(err) => {
			res.writeHead(500).end(String(err));
		}
	);
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => {
	console.log(`raw PUT server listening on ${process.env.PORT}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

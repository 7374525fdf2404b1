-- 0010_push: optional Web Push of case notices (issue #14 item 6). The app works fully without it:
-- notices reach devices through sync.pull; a push only wakes the phone sooner.

-- Settings shared by every app process (the VAPID key pair is made once, on first use).
create table app_settings (
	key text primary key,
	value jsonb not null,
	created_at timestamptz not null default now()
);

create table push_subscriptions (
	endpoint text primary key check (endpoint ~ '^https://'),
	user_id uuid not null references users (id) on delete cascade,
	p256dh text not null,
	auth text not null,
	failures int not null default 0,
	created_at timestamptz not null default now()
);
create index push_subscriptions_user on push_subscriptions (user_id);

-- A small look-alike of Chatwoot's tables (the columns the mapping reads, with Chatwoot's names
-- and types): two agents in one team, three contacts, one private note, one CSAT answer.
-- Timestamps are UTC without a zone, as Chatwoot stores them.
CREATE TABLE users (id bigint PRIMARY KEY, name varchar NOT NULL, email varchar);
CREATE TABLE teams (id bigint PRIMARY KEY, name varchar NOT NULL, account_id bigint);
CREATE TABLE team_members (id bigint PRIMARY KEY, team_id bigint NOT NULL, user_id bigint NOT NULL,
                           created_at timestamp NOT NULL);
CREATE TABLE contacts (id bigint PRIMARY KEY, name varchar, email varchar);
CREATE TABLE conversations (id bigint PRIMARY KEY, account_id bigint, inbox_id bigint, status integer,
                            assignee_id bigint, contact_id bigint, team_id bigint, created_at timestamp);
-- message_type: 0 incoming, 1 outgoing, 2 activity, 3 template; sender_type: Contact, User, AgentBot
CREATE TABLE messages (id bigint PRIMARY KEY, content text, account_id bigint, inbox_id bigint,
                       conversation_id bigint, message_type integer, private boolean DEFAULT false,
                       sender_type varchar, sender_id bigint, created_at timestamp NOT NULL);
CREATE TABLE csat_survey_responses (id bigint PRIMARY KEY, account_id bigint, conversation_id bigint,
                                    message_id bigint, rating integer, feedback_message text,
                                    contact_id bigint, assigned_agent_id bigint, created_at timestamp);

INSERT INTO users VALUES (1, 'Ana', 'ana@example.com'), (2, 'Ben', 'ben@example.com');
INSERT INTO teams VALUES (7, 'Support EU', 1);
INSERT INTO team_members VALUES (1, 7, 1, '2026-09-01 00:00:00'), (2, 7, 2, '2026-09-01 00:00:00');
INSERT INTO contacts VALUES (11, 'Cleo', NULL), (12, 'Dan', NULL), (13, 'Eve', NULL);
INSERT INTO conversations VALUES
  (100, 1, 1, 1, 1, 11, 7, '2026-10-05 08:59:00'),
  (101, 1, 1, 1, 2, 12, 7, '2026-10-05 10:00:00'),
  (102, 1, 1, 0, 2, 13, 7, '2026-10-05 11:00:00');
INSERT INTO messages VALUES
  (1000, 'Hi, where is my order?',       1, 1, 100, 0, false, 'Contact', 11, '2026-10-05 09:00:00'),
  (1001, 'Conversation assigned to Ana', 1, 1, 100, 2, false, NULL,      NULL, '2026-10-05 09:00:01'),
  (1002, 'Our bot says hello',           1, 1, 100, 3, false, 'AgentBot', 5,  '2026-10-05 09:00:02'),
  (1003, 'Customer sounds upset',        1, 1, 100, 1, true,  'User',    1,  '2026-10-05 09:00:10'),
  (1004, 'Hi Cleo, it ships today',      1, 1, 100, 1, false, 'User',    1,  '2026-10-05 09:00:40'),
  (1005, 'Can I change the size?',       1, 1, 101, 0, false, 'Contact', 12, '2026-10-05 10:00:00'),
  (1006, 'Yes, done',                    1, 1, 101, 1, false, 'User',    2,  '2026-10-05 10:03:00'),
  (1007, 'Hello?',                       1, 1, 102, 0, false, 'Contact', 13, '2026-10-05 11:00:00');
INSERT INTO csat_survey_responses VALUES
  (1, 1, 100, 1004, 5, 'Great', 11, 1, '2026-10-05 09:30:00'),
  (2, 1, 101, 1006, 2, NULL,    12, 2, '2026-10-05 10:30:00');

"""The headless client's message list: pure merge and order, no I/O.

Messages are {id, role, content, timestamp, isLoading, seq, clientMessageId}
(plus sentAfter on our own unconfirmed messages). Server messages are ordered by
seq; messages without a seq (ours before the server echoes them, AI replies
while they stream) stay after them in arrival order. A server message replaces
ours with the same clientMessageId, and a frame equal to what is shown changes
nothing (so getState() keeps its identity)."""
# __pragma__ ('ecom')
# __pragma__ ('skip')
from pyvalues import kind, has_own, push, remove_at
# __pragma__ ('noskip')
#?from jsvalues import kind, has_own, push, remove_at

from wire import (MESSAGE_ID, CONTENT, SEQ, ROLE, SENDER, TYPE, CLIENT_MESSAGE_ID, STREAMING, ROLE_USER, ROLE_AI)

MAX_ID = 200


class MessageStore:
    def __init__(self):
        self.messages = []
        self.last_seq = 0     # the highest seq seen: history is fetched after it

    def find(self, key, value):
        if value == None:
            return -1
        for i in range(len(self.messages)):
            if self.messages[i][key] == value:
                return i
        return -1

    def add(self, message):
        """Insert keeping server order (by seq); messages without seq stay last."""
        if message['seq'] == None:
            push(self.messages, message)
            return
        index = len(self.messages)
        for i in range(len(self.messages)):
            other = self.messages[i]['seq']
            if other == None or other > message['seq']:
                index = i
                break
        rebuilt = []
        for i in range(len(self.messages)):
            if i == index:
                push(rebuilt, message)
            push(rebuilt, self.messages[i])
        if index == len(self.messages):
            push(rebuilt, message)
        self.messages = rebuilt

    def merge(self, message, now):
        """One server message (read_message()): update in place or insert; False if nothing changed."""
        message_id = message['messageId']
        seq = message['seq']
        index = self.find('id', message_id)
        if index < 0 and message['clientMessageId'] != None:
            index = self.find('clientMessageId', message['clientMessageId'])
        if index >= 0:
            existing = self.messages[index]
            if existing['id'] == message_id and existing['content'] == message['content'] \
                    and existing['isLoading'] == message['streaming'] and (seq == None or existing['seq'] == seq):
                return False
            existing['id'] = message_id
            existing['content'] = message['content']
            existing['isLoading'] = message['streaming']
            if seq != None and existing['seq'] != seq:
                existing['seq'] = seq
                remove_at(self.messages, index)
                self.add(existing)
        else:
            self.add({'id': message_id, 'role': message['role'], 'content': message['content'], 'timestamp': now,
                      'isLoading': message['streaming'], 'seq': seq, 'clientMessageId': message['clientMessageId']})
        if seq != None and seq > self.last_seq:
            self.last_seq = seq
        return True

    def streaming(self):
        for m in self.messages:
            if m['isLoading']:
                return True
        return False

    def unconfirmed(self, client_id):
        index = self.find('clientMessageId', client_id)
        return index >= 0 and self.messages[index]['seq'] == None

    def history_after(self):
        """From before the oldest message of ours the server has not confirmed
        (its echo may have been lost with a socket), else after the last seen."""
        after = self.last_seq
        for m in self.messages:
            if m['seq'] == None and m['role'] == ROLE_USER and has_own(m, 'sentAfter') and m['sentAfter'] < after:
                after = m['sentAfter']
        return after

    def has_final_reply_after(self, client_id):
        seen = False
        for m in self.messages:
            if m['clientMessageId'] == client_id:
                seen = True
            elif seen and m['role'] == ROLE_AI and not m['isLoading']:
                return True
        return False

    def needs_history(self, client_id, reply):
        """The POST of our message answered with the full reply: fetch the history
        if the socket did not deliver that reply, or missed the echo of our message."""
        if not self.streaming() and kind(reply) == 'string' and len(reply) > 0 \
                and not self.has_final_reply_after(client_id):
            return True
        return self.unconfirmed(client_id)


def read_message(payload):
    """A message.new payload as the store takes it, or None if it is malformed."""
    if kind(payload) != 'object':
        return None
    message_id = payload[MESSAGE_ID] if has_own(payload, MESSAGE_ID) else None
    content = payload[CONTENT] if has_own(payload, CONTENT) else None
    if kind(message_id) != 'string' or len(message_id) == 0 or len(message_id) > MAX_ID or kind(content) != 'string':
        return None
    role = ROLE_AI
    if has_own(payload, SENDER) and kind(payload[SENDER]) == 'object' and has_own(payload[SENDER], TYPE) \
            and payload[SENDER][TYPE] == ROLE_USER:
        role = ROLE_USER
    seq = payload[SEQ] if has_own(payload, SEQ) and kind(payload[SEQ]) == 'number' else None
    client_id = payload[CLIENT_MESSAGE_ID] if has_own(payload, CLIENT_MESSAGE_ID) \
        and kind(payload[CLIENT_MESSAGE_ID]) == 'string' else None
    streaming = has_own(payload, STREAMING) and payload[STREAMING] is True
    return {'messageId': message_id, 'seq': seq, 'role': role, 'content': content, 'clientMessageId': client_id,
            'streaming': streaming}


def read_history_item(item):
    """One item of the history response, read like a finished socket message."""
    if kind(item) != 'object':
        return None
    role = item[ROLE] if has_own(item, ROLE) else None
    if role != ROLE_USER and role != ROLE_AI:
        return None
    payload = {}
    for key in [MESSAGE_ID, CONTENT, SEQ, CLIENT_MESSAGE_ID]:
        payload[key] = item[key] if has_own(item, key) else None
    payload[SENDER] = {}
    payload[SENDER][TYPE] = role
    return read_message(payload)

// Delivery bodies the emulator does not produce (attachments, Teams users, phone numbers, retention
// policies, %-escaped nested JSON, deletion by policy) decoded as the official client decodes them.
import { describe, expect, it } from 'vitest';
import {
  decodeNotification,
  identifierOfMri,
} from '../../../src/core/realtime/notification-payloads.ts';

const endpoint = 'https://contoso.communication.azure.com';
const ann = '8:acs:r_ann';
const message = {
  eventId: 200,
  groupId: '19:t@thread.v2',
  senderId: ann,
  senderDisplayName: 'Ann',
  recipientMri: '8:acs:r_bob',
  messageId: '1700000000000',
  originalArrivalTime: '2024-01-01T00:00:00.000Z',
  version: '1700000000000',
  messageType: 'RichText/Html',
  messageBody: '<p>hi</p>',
};

describe('decodeNotification', () => {
  it('reads identifiers from MRIs as the official client does', () => {
    expect(identifierOfMri('8:orgid:abc')).toEqual({
      kind: 'microsoftTeamsUser',
      rawId: '8:orgid:abc',
      microsoftTeamsUserId: 'abc',
      isAnonymous: false,
      cloud: 'public',
    });
    expect(identifierOfMri('8:gcch:abc')).toMatchObject({ cloud: 'gcch', isAnonymous: false });
    expect(identifierOfMri('8:dod:abc')).toMatchObject({ cloud: 'dod' });
    expect(identifierOfMri('8:teamsvisitor:v')).toEqual({
      kind: 'microsoftTeamsUser',
      rawId: '8:teamsvisitor:v',
      microsoftTeamsUserId: 'v',
      isAnonymous: true,
    });
    expect(identifierOfMri('4:+14255550123')).toEqual({
      kind: 'phoneNumber',
      rawId: '4:+14255550123',
      phoneNumber: '+14255550123',
    });
    for (const id of ['8:acs:x', '8:gcch-acs:x', '8:dod-acs:x', '8:spool:x']) {
      expect(identifierOfMri(id)).toEqual({ kind: 'communicationUser', communicationUserId: id });
    }
    expect(identifierOfMri('28:bot')).toEqual({ kind: 'unknown', id: '28:bot' });
  });

  it('puts image attachments on the endpoint with its api-version, and leaves files alone', () => {
    const attachments = [
      {
        id: 'i1',
        attachmentType: 'image',
        name: 'a.png',
        url: 'https://elsewhere.example/img/1?x=1',
        previewUrl: '/img/1/preview',
      },
      { id: 'f1', attachmentType: 'file', name: 'b.pdf', url: 'https://files.example/b.pdf' },
    ];
    const [name, payload] = decodeNotification(
      JSON.stringify({
        ...message,
        attachments: JSON.stringify(attachments),
        acsChatMessageMetadata: 'null',
      }),
      endpoint,
    )!;
    expect(name).toBe('chatMessageReceived');
    expect(payload).toMatchObject({
      type: 'RichText/Html',
      metadata: {},
      attachments: [
        {
          id: 'i1',
          url: `${endpoint}/img/1?api-version=2025-03-15`,
          previewUrl: `${endpoint}/img/1/preview?api-version=2025-03-15`,
        },
        { id: 'f1', url: 'https://files.example/b.pdf' },
      ],
    });
  });

  it('reads %-escaped thread properties, retention policies and member metadata', () => {
    const escape = (value: unknown) => encodeURIComponent(JSON.stringify(value));
    const [name, payload] = decodeNotification(
      JSON.stringify({
        eventId: 257,
        threadId: '19:t@thread.v2',
        version: '1',
        createTime: '2024-01-01T00:00:00Z',
        createdBy: escape({
          participantId: ann,
          displayName: 'Ann',
          memberMetaData: '{"role":"host"}',
        }),
        members: escape([
          { participantId: '4:+1555', displayName: '', shareHistoryTime: '2024-01-01T00:00:00Z' },
        ]),
        properties: escape({
          topic: '100% done',
          acsChatThreadMetadata: '{"k":"v"}',
          retentionPolicy:
            '{"retentionPolicyType":"DeleteAfterCreationTime","executeAfter":"30.00:00:00"}',
        }),
      }),
      endpoint,
    )!;
    expect(name).toBe('chatThreadCreated');
    expect(payload).toEqual({
      threadId: '19:t@thread.v2',
      version: '1',
      createdOn: new Date('2024-01-01T00:00:00Z'),
      createdBy: {
        id: { kind: 'communicationUser', communicationUserId: ann },
        displayName: 'Ann',
        metadata: { role: 'host' },
      },
      participants: [
        {
          id: { kind: 'phoneNumber', rawId: '4:+1555', phoneNumber: '+1555' },
          displayName: '',
          shareHistoryTime: new Date('2024-01-01T00:00:00Z'),
          metadata: {},
        },
      ],
      properties: { topic: '100% done', metadata: { k: 'v' } },
      retentionPolicy: { kind: 'threadCreationDate', deleteThreadAfterDays: 30 },
    });
  });

  it('gives a thread deleted by policy no deletedBy', () => {
    const [, payload] = decodeNotification(
      JSON.stringify({
        eventId: 259,
        threadId: 't',
        version: '1',
        deleteTime: '2024-01-01T00:00:00Z',
        reason: 'deletedByPolicy',
      }),
      endpoint,
    )!;
    expect(payload).toMatchObject({ threadId: 't', deletedBy: null, reason: 'deletedByPolicy' });
  });

  it('refuses what the official client fails on, and ids that are not strings', () => {
    const bad = [
      { ...message, senderId: undefined },
      { ...message, recipientMri: undefined },
      { ...message, messageId: 42 },
      { ...message, groupId: undefined },
      { ...message, attachments: '[{"id":"x"}]' },
      {
        eventId: 246,
        groupId: 't',
        senderId: ann,
        recipientMri: ann,
        messageId: '1',
        messageBody: 'no',
      },
      { eventId: 260, threadId: 't', version: '1', addedBy: '{}', participantsAdded: '[]' },
      { eventId: 261, threadId: 't', version: '1', removedBy: 'x', participantsRemoved: '[]' },
    ];
    for (const body of bad) {
      expect(() => decodeNotification(JSON.stringify(body), endpoint)).toThrow();
    }
    expect(
      decodeNotification(JSON.stringify({ ...message, eventId: '200' }), endpoint),
    ).toBeUndefined();
    expect(decodeNotification('null', endpoint)).toBeUndefined();
  });
});

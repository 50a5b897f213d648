import * as $protobuf from "protobufjs";
import Long = require("long");
/** Namespace SessionProtos. */
export namespace SessionProtos {

    /** Properties of an Envelope. */
    interface IEnvelope {

        /** Envelope type */
        type: SessionProtos.Envelope.Type;

        /** Envelope source */
        source?: (string|null);

        /** Envelope timestamp */
        timestamp: (number|Long);

        /** Envelope sourceDevice */
        sourceDevice?: (number|null);

        /** Envelope content */
        content?: (Uint8Array|null);

        /** Envelope serverTimestamp */
        serverTimestamp?: (number|Long|null);

        /** Envelope proSig */
        proSig?: (Uint8Array|null);
    }

    /** Represents an Envelope. */
    class Envelope implements IEnvelope {

        /**
         * Constructs a new Envelope.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IEnvelope);

        /** Envelope type. */
        public type: SessionProtos.Envelope.Type;

        /** Envelope source. */
        public source: string;

        /** Envelope timestamp. */
        public timestamp: (number|Long);

        /** Envelope sourceDevice. */
        public sourceDevice: number;

        /** Envelope content. */
        public content: Uint8Array;

        /** Envelope serverTimestamp. */
        public serverTimestamp: (number|Long);

        /** Envelope proSig. */
        public proSig: Uint8Array;

        /**
         * Creates a new Envelope instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Envelope instance
         */
        public static create(properties?: SessionProtos.IEnvelope): SessionProtos.Envelope;

        /**
         * Encodes the specified Envelope message. Does not implicitly {@link SessionProtos.Envelope.verify|verify} messages.
         * @param message Envelope message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IEnvelope, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Envelope message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.Envelope;

        /**
         * Gets the default type url for Envelope
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace Envelope {

        /** Type enum. */
        enum Type {
            SESSION_MESSAGE = 6,
            CLOSED_GROUP_MESSAGE = 7
        }
    }

    /** Properties of a WebSocketRequestMessage. */
    interface IWebSocketRequestMessage {

        /** WebSocketRequestMessage verb */
        verb?: (string|null);

        /** WebSocketRequestMessage path */
        path?: (string|null);

        /** WebSocketRequestMessage body */
        body?: (Uint8Array|null);

        /** WebSocketRequestMessage requestId */
        requestId?: (number|Long|null);

        /** WebSocketRequestMessage headers */
        headers?: (string[]|null);
    }

    /** Represents a WebSocketRequestMessage. */
    class WebSocketRequestMessage implements IWebSocketRequestMessage {

        /**
         * Constructs a new WebSocketRequestMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IWebSocketRequestMessage);

        /** WebSocketRequestMessage verb. */
        public verb: string;

        /** WebSocketRequestMessage path. */
        public path: string;

        /** WebSocketRequestMessage body. */
        public body: Uint8Array;

        /** WebSocketRequestMessage requestId. */
        public requestId: (number|Long);

        /** WebSocketRequestMessage headers. */
        public headers: string[];

        /**
         * Creates a new WebSocketRequestMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns WebSocketRequestMessage instance
         */
        public static create(properties?: SessionProtos.IWebSocketRequestMessage): SessionProtos.WebSocketRequestMessage;

        /**
         * Encodes the specified WebSocketRequestMessage message. Does not implicitly {@link SessionProtos.WebSocketRequestMessage.verify|verify} messages.
         * @param message WebSocketRequestMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IWebSocketRequestMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a WebSocketRequestMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns WebSocketRequestMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.WebSocketRequestMessage;

        /**
         * Gets the default type url for WebSocketRequestMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a WebSocketMessage. */
    interface IWebSocketMessage {

        /** WebSocketMessage type */
        type?: (SessionProtos.WebSocketMessage.Type|null);

        /** WebSocketMessage request */
        request?: (SessionProtos.IWebSocketRequestMessage|null);
    }

    /** Represents a WebSocketMessage. */
    class WebSocketMessage implements IWebSocketMessage {

        /**
         * Constructs a new WebSocketMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IWebSocketMessage);

        /** WebSocketMessage type. */
        public type: SessionProtos.WebSocketMessage.Type;

        /** WebSocketMessage request. */
        public request?: (SessionProtos.IWebSocketRequestMessage|null);

        /**
         * Creates a new WebSocketMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns WebSocketMessage instance
         */
        public static create(properties?: SessionProtos.IWebSocketMessage): SessionProtos.WebSocketMessage;

        /**
         * Encodes the specified WebSocketMessage message. Does not implicitly {@link SessionProtos.WebSocketMessage.verify|verify} messages.
         * @param message WebSocketMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IWebSocketMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a WebSocketMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns WebSocketMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.WebSocketMessage;

        /**
         * Gets the default type url for WebSocketMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace WebSocketMessage {

        /** Type enum. */
        enum Type {
            UNKNOWN = 0,
            REQUEST = 1,
            RESPONSE = 2
        }
    }

    /** Properties of a Content. */
    interface IContent {

        /** Content dataMessage */
        dataMessage?: (SessionProtos.IDataMessage|null);

        /** Content callMessage */
        callMessage?: (SessionProtos.ICallMessage|null);

        /** Content receiptMessage */
        receiptMessage?: (SessionProtos.IReceiptMessage|null);

        /** Content typingMessage */
        typingMessage?: (SessionProtos.ITypingMessage|null);

        /** Content dataExtractionNotification */
        dataExtractionNotification?: (SessionProtos.IDataExtractionNotification|null);

        /** Content unsendRequest */
        unsendRequest?: (SessionProtos.IUnsendRequest|null);

        /** Content messageRequestResponse */
        messageRequestResponse?: (SessionProtos.IMessageRequestResponse|null);

        /** Content sharedConfigMessage */
        sharedConfigMessage?: (SessionProtos.ISharedConfigMessage|null);

        /** Content expirationType */
        expirationType?: (SessionProtos.Content.ExpirationType|null);

        /** Content expirationTimer */
        expirationTimer?: (number|null);

        /** Content sigTimestamp */
        sigTimestamp?: (number|Long|null);

        /** Content proMessage */
        proMessage?: (SessionProtos.IProMessage|null);

        /** Content proSigForCommunityMessageOnly */
        proSigForCommunityMessageOnly?: (Uint8Array|null);
    }

    /** Represents a Content. */
    class Content implements IContent {

        /**
         * Constructs a new Content.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IContent);

        /** Content dataMessage. */
        public dataMessage?: (SessionProtos.IDataMessage|null);

        /** Content callMessage. */
        public callMessage?: (SessionProtos.ICallMessage|null);

        /** Content receiptMessage. */
        public receiptMessage?: (SessionProtos.IReceiptMessage|null);

        /** Content typingMessage. */
        public typingMessage?: (SessionProtos.ITypingMessage|null);

        /** Content dataExtractionNotification. */
        public dataExtractionNotification?: (SessionProtos.IDataExtractionNotification|null);

        /** Content unsendRequest. */
        public unsendRequest?: (SessionProtos.IUnsendRequest|null);

        /** Content messageRequestResponse. */
        public messageRequestResponse?: (SessionProtos.IMessageRequestResponse|null);

        /** Content sharedConfigMessage. */
        public sharedConfigMessage?: (SessionProtos.ISharedConfigMessage|null);

        /** Content expirationType. */
        public expirationType: SessionProtos.Content.ExpirationType;

        /** Content expirationTimer. */
        public expirationTimer: number;

        /** Content sigTimestamp. */
        public sigTimestamp: (number|Long);

        /** Content proMessage. */
        public proMessage?: (SessionProtos.IProMessage|null);

        /** Content proSigForCommunityMessageOnly. */
        public proSigForCommunityMessageOnly: Uint8Array;

        /**
         * Creates a new Content instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Content instance
         */
        public static create(properties?: SessionProtos.IContent): SessionProtos.Content;

        /**
         * Encodes the specified Content message. Does not implicitly {@link SessionProtos.Content.verify|verify} messages.
         * @param message Content message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IContent, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Content message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns Content
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.Content;

        /**
         * Gets the default type url for Content
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace Content {

        /** ExpirationType enum. */
        enum ExpirationType {
            UNKNOWN = 0,
            DELETE_AFTER_READ = 1,
            DELETE_AFTER_SEND = 2
        }
    }

    /** Properties of a SharedConfigMessage. */
    interface ISharedConfigMessage {

        /** SharedConfigMessage kind */
        kind: SessionProtos.SharedConfigMessage.Kind;

        /** SharedConfigMessage seqno */
        seqno: (number|Long);

        /** SharedConfigMessage data */
        data: Uint8Array;
    }

    /** Represents a SharedConfigMessage. */
    class SharedConfigMessage implements ISharedConfigMessage {

        /**
         * Constructs a new SharedConfigMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.ISharedConfigMessage);

        /** SharedConfigMessage kind. */
        public kind: SessionProtos.SharedConfigMessage.Kind;

        /** SharedConfigMessage seqno. */
        public seqno: (number|Long);

        /** SharedConfigMessage data. */
        public data: Uint8Array;

        /**
         * Creates a new SharedConfigMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns SharedConfigMessage instance
         */
        public static create(properties?: SessionProtos.ISharedConfigMessage): SessionProtos.SharedConfigMessage;

        /**
         * Encodes the specified SharedConfigMessage message. Does not implicitly {@link SessionProtos.SharedConfigMessage.verify|verify} messages.
         * @param message SharedConfigMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.ISharedConfigMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a SharedConfigMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns SharedConfigMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.SharedConfigMessage;

        /**
         * Gets the default type url for SharedConfigMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace SharedConfigMessage {

        /** Kind enum. */
        enum Kind {
            USER_PROFILE = 1,
            CONTACTS = 2,
            CONVO_INFO_VOLATILE = 3,
            USER_GROUPS = 4
        }
    }

    /** Properties of a TypingMessage. */
    interface ITypingMessage {

        /** TypingMessage timestamp */
        timestamp: (number|Long);

        /** TypingMessage action */
        action: SessionProtos.TypingMessage.Action;
    }

    /** Represents a TypingMessage. */
    class TypingMessage implements ITypingMessage {

        /**
         * Constructs a new TypingMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.ITypingMessage);

        /** TypingMessage timestamp. */
        public timestamp: (number|Long);

        /** TypingMessage action. */
        public action: SessionProtos.TypingMessage.Action;

        /**
         * Creates a new TypingMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns TypingMessage instance
         */
        public static create(properties?: SessionProtos.ITypingMessage): SessionProtos.TypingMessage;

        /**
         * Encodes the specified TypingMessage message. Does not implicitly {@link SessionProtos.TypingMessage.verify|verify} messages.
         * @param message TypingMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.ITypingMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a TypingMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns TypingMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.TypingMessage;

        /**
         * Gets the default type url for TypingMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace TypingMessage {

        /** Action enum. */
        enum Action {
            STARTED = 0,
            STOPPED = 1
        }
    }

    /** Properties of an UnsendRequest. */
    interface IUnsendRequest {

        /** UnsendRequest timestamp */
        timestamp: (number|Long);

        /** UnsendRequest author */
        author: string;
    }

    /** Represents an UnsendRequest. */
    class UnsendRequest implements IUnsendRequest {

        /**
         * Constructs a new UnsendRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IUnsendRequest);

        /** UnsendRequest timestamp. */
        public timestamp: (number|Long);

        /** UnsendRequest author. */
        public author: string;

        /**
         * Creates a new UnsendRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns UnsendRequest instance
         */
        public static create(properties?: SessionProtos.IUnsendRequest): SessionProtos.UnsendRequest;

        /**
         * Encodes the specified UnsendRequest message. Does not implicitly {@link SessionProtos.UnsendRequest.verify|verify} messages.
         * @param message UnsendRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IUnsendRequest, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an UnsendRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns UnsendRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.UnsendRequest;

        /**
         * Gets the default type url for UnsendRequest
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a MessageRequestResponse. */
    interface IMessageRequestResponse {

        /** MessageRequestResponse isApproved */
        isApproved: boolean;

        /** MessageRequestResponse profileKey */
        profileKey?: (Uint8Array|null);

        /** MessageRequestResponse profile */
        profile?: (SessionProtos.ILokiProfile|null);
    }

    /** Represents a MessageRequestResponse. */
    class MessageRequestResponse implements IMessageRequestResponse {

        /**
         * Constructs a new MessageRequestResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IMessageRequestResponse);

        /** MessageRequestResponse isApproved. */
        public isApproved: boolean;

        /** MessageRequestResponse profileKey. */
        public profileKey: Uint8Array;

        /** MessageRequestResponse profile. */
        public profile?: (SessionProtos.ILokiProfile|null);

        /**
         * Creates a new MessageRequestResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns MessageRequestResponse instance
         */
        public static create(properties?: SessionProtos.IMessageRequestResponse): SessionProtos.MessageRequestResponse;

        /**
         * Encodes the specified MessageRequestResponse message. Does not implicitly {@link SessionProtos.MessageRequestResponse.verify|verify} messages.
         * @param message MessageRequestResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IMessageRequestResponse, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a MessageRequestResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns MessageRequestResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.MessageRequestResponse;

        /**
         * Gets the default type url for MessageRequestResponse
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a CallMessage. */
    interface ICallMessage {

        /** CallMessage type */
        type: SessionProtos.CallMessage.Type;

        /** CallMessage sdps */
        sdps?: (string[]|null);

        /** CallMessage sdpMLineIndexes */
        sdpMLineIndexes?: (number[]|null);

        /** CallMessage sdpMids */
        sdpMids?: (string[]|null);

        /** CallMessage uuid */
        uuid: string;
    }

    /** Represents a CallMessage. */
    class CallMessage implements ICallMessage {

        /**
         * Constructs a new CallMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.ICallMessage);

        /** CallMessage type. */
        public type: SessionProtos.CallMessage.Type;

        /** CallMessage sdps. */
        public sdps: string[];

        /** CallMessage sdpMLineIndexes. */
        public sdpMLineIndexes: number[];

        /** CallMessage sdpMids. */
        public sdpMids: string[];

        /** CallMessage uuid. */
        public uuid: string;

        /**
         * Creates a new CallMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns CallMessage instance
         */
        public static create(properties?: SessionProtos.ICallMessage): SessionProtos.CallMessage;

        /**
         * Encodes the specified CallMessage message. Does not implicitly {@link SessionProtos.CallMessage.verify|verify} messages.
         * @param message CallMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.ICallMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a CallMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns CallMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.CallMessage;

        /**
         * Gets the default type url for CallMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace CallMessage {

        /** Type enum. */
        enum Type {
            PRE_OFFER = 6,
            OFFER = 1,
            ANSWER = 2,
            PROVISIONAL_ANSWER = 3,
            ICE_CANDIDATES = 4,
            END_CALL = 5
        }
    }

    /** Properties of a DataExtractionNotification. */
    interface IDataExtractionNotification {

        /** DataExtractionNotification type */
        type: SessionProtos.DataExtractionNotification.Type;

        /** DataExtractionNotification timestamp */
        timestamp?: (number|Long|null);
    }

    /** Represents a DataExtractionNotification. */
    class DataExtractionNotification implements IDataExtractionNotification {

        /**
         * Constructs a new DataExtractionNotification.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IDataExtractionNotification);

        /** DataExtractionNotification type. */
        public type: SessionProtos.DataExtractionNotification.Type;

        /** DataExtractionNotification timestamp. */
        public timestamp: (number|Long);

        /**
         * Creates a new DataExtractionNotification instance using the specified properties.
         * @param [properties] Properties to set
         * @returns DataExtractionNotification instance
         */
        public static create(properties?: SessionProtos.IDataExtractionNotification): SessionProtos.DataExtractionNotification;

        /**
         * Encodes the specified DataExtractionNotification message. Does not implicitly {@link SessionProtos.DataExtractionNotification.verify|verify} messages.
         * @param message DataExtractionNotification message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IDataExtractionNotification, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a DataExtractionNotification message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns DataExtractionNotification
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.DataExtractionNotification;

        /**
         * Gets the default type url for DataExtractionNotification
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace DataExtractionNotification {

        /** Type enum. */
        enum Type {
            SCREENSHOT = 1,
            MEDIA_SAVED = 2
        }
    }

    /** Properties of a LokiProfile. */
    interface ILokiProfile {

        /** LokiProfile displayName */
        displayName?: (string|null);

        /** LokiProfile profilePicture */
        profilePicture?: (string|null);

        /** LokiProfile lastUpdateSeconds */
        lastUpdateSeconds?: (number|Long|null);
    }

    /** Represents a LokiProfile. */
    class LokiProfile implements ILokiProfile {

        /**
         * Constructs a new LokiProfile.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.ILokiProfile);

        /** LokiProfile displayName. */
        public displayName: string;

        /** LokiProfile profilePicture. */
        public profilePicture: string;

        /** LokiProfile lastUpdateSeconds. */
        public lastUpdateSeconds: (number|Long);

        /**
         * Creates a new LokiProfile instance using the specified properties.
         * @param [properties] Properties to set
         * @returns LokiProfile instance
         */
        public static create(properties?: SessionProtos.ILokiProfile): SessionProtos.LokiProfile;

        /**
         * Encodes the specified LokiProfile message. Does not implicitly {@link SessionProtos.LokiProfile.verify|verify} messages.
         * @param message LokiProfile message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.ILokiProfile, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a LokiProfile message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns LokiProfile
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.LokiProfile;

        /**
         * Gets the default type url for LokiProfile
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a DataMessage. */
    interface IDataMessage {

        /** DataMessage body */
        body?: (string|null);

        /** DataMessage attachments */
        attachments?: (SessionProtos.IAttachmentPointer[]|null);

        /** DataMessage flags */
        flags?: (number|null);

        /** DataMessage expireTimer */
        expireTimer?: (number|null);

        /** DataMessage profileKey */
        profileKey?: (Uint8Array|null);

        /** DataMessage quote */
        quote?: (SessionProtos.DataMessage.IQuote|null);

        /** DataMessage preview */
        preview?: (SessionProtos.DataMessage.IPreview[]|null);

        /** DataMessage reaction */
        reaction?: (SessionProtos.DataMessage.IReaction|null);

        /** DataMessage profile */
        profile?: (SessionProtos.ILokiProfile|null);

        /** DataMessage openGroupInvitation */
        openGroupInvitation?: (SessionProtos.DataMessage.IOpenGroupInvitation|null);

        /** DataMessage syncTarget */
        syncTarget?: (string|null);

        /** DataMessage blocksCommunityMessageRequests */
        blocksCommunityMessageRequests?: (boolean|null);

        /** DataMessage groupUpdateMessage */
        groupUpdateMessage?: (SessionProtos.IGroupUpdateMessage|null);
    }

    /** Represents a DataMessage. */
    class DataMessage implements IDataMessage {

        /**
         * Constructs a new DataMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IDataMessage);

        /** DataMessage body. */
        public body: string;

        /** DataMessage attachments. */
        public attachments: SessionProtos.IAttachmentPointer[];

        /** DataMessage flags. */
        public flags: number;

        /** DataMessage expireTimer. */
        public expireTimer: number;

        /** DataMessage profileKey. */
        public profileKey: Uint8Array;

        /** DataMessage quote. */
        public quote?: (SessionProtos.DataMessage.IQuote|null);

        /** DataMessage preview. */
        public preview: SessionProtos.DataMessage.IPreview[];

        /** DataMessage reaction. */
        public reaction?: (SessionProtos.DataMessage.IReaction|null);

        /** DataMessage profile. */
        public profile?: (SessionProtos.ILokiProfile|null);

        /** DataMessage openGroupInvitation. */
        public openGroupInvitation?: (SessionProtos.DataMessage.IOpenGroupInvitation|null);

        /** DataMessage syncTarget. */
        public syncTarget: string;

        /** DataMessage blocksCommunityMessageRequests. */
        public blocksCommunityMessageRequests: boolean;

        /** DataMessage groupUpdateMessage. */
        public groupUpdateMessage?: (SessionProtos.IGroupUpdateMessage|null);

        /**
         * Creates a new DataMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns DataMessage instance
         */
        public static create(properties?: SessionProtos.IDataMessage): SessionProtos.DataMessage;

        /**
         * Encodes the specified DataMessage message. Does not implicitly {@link SessionProtos.DataMessage.verify|verify} messages.
         * @param message DataMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IDataMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a DataMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns DataMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.DataMessage;

        /**
         * Gets the default type url for DataMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace DataMessage {

        /** Flags enum. */
        enum Flags {
            EXPIRATION_TIMER_UPDATE = 2
        }

        /** Properties of a Quote. */
        interface IQuote {

            /** Quote id */
            id: (number|Long);

            /** Quote author */
            author: string;

            /** Quote text */
            text?: (string|null);
        }

        /** Represents a Quote. */
        class Quote implements IQuote {

            /**
             * Constructs a new Quote.
             * @param [properties] Properties to set
             */
            constructor(properties?: SessionProtos.DataMessage.IQuote);

            /** Quote id. */
            public id: (number|Long);

            /** Quote author. */
            public author: string;

            /** Quote text. */
            public text: string;

            /**
             * Creates a new Quote instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Quote instance
             */
            public static create(properties?: SessionProtos.DataMessage.IQuote): SessionProtos.DataMessage.Quote;

            /**
             * Encodes the specified Quote message. Does not implicitly {@link SessionProtos.DataMessage.Quote.verify|verify} messages.
             * @param message Quote message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            public static encode(message: SessionProtos.DataMessage.IQuote, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Quote message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Quote
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.DataMessage.Quote;

            /**
             * Gets the default type url for Quote
             * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
             * @returns The default type url
             */
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        /** Properties of a Preview. */
        interface IPreview {

            /** Preview url */
            url: string;

            /** Preview title */
            title?: (string|null);

            /** Preview image */
            image?: (SessionProtos.IAttachmentPointer|null);
        }

        /** Represents a Preview. */
        class Preview implements IPreview {

            /**
             * Constructs a new Preview.
             * @param [properties] Properties to set
             */
            constructor(properties?: SessionProtos.DataMessage.IPreview);

            /** Preview url. */
            public url: string;

            /** Preview title. */
            public title: string;

            /** Preview image. */
            public image?: (SessionProtos.IAttachmentPointer|null);

            /**
             * Creates a new Preview instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Preview instance
             */
            public static create(properties?: SessionProtos.DataMessage.IPreview): SessionProtos.DataMessage.Preview;

            /**
             * Encodes the specified Preview message. Does not implicitly {@link SessionProtos.DataMessage.Preview.verify|verify} messages.
             * @param message Preview message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            public static encode(message: SessionProtos.DataMessage.IPreview, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Preview message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Preview
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.DataMessage.Preview;

            /**
             * Gets the default type url for Preview
             * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
             * @returns The default type url
             */
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        /** Properties of a Reaction. */
        interface IReaction {

            /** Reaction id */
            id: (number|Long);

            /** Reaction author */
            author: string;

            /** Reaction emoji */
            emoji?: (string|null);

            /** Reaction action */
            action: SessionProtos.DataMessage.Reaction.Action;
        }

        /** Represents a Reaction. */
        class Reaction implements IReaction {

            /**
             * Constructs a new Reaction.
             * @param [properties] Properties to set
             */
            constructor(properties?: SessionProtos.DataMessage.IReaction);

            /** Reaction id. */
            public id: (number|Long);

            /** Reaction author. */
            public author: string;

            /** Reaction emoji. */
            public emoji: string;

            /** Reaction action. */
            public action: SessionProtos.DataMessage.Reaction.Action;

            /**
             * Creates a new Reaction instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Reaction instance
             */
            public static create(properties?: SessionProtos.DataMessage.IReaction): SessionProtos.DataMessage.Reaction;

            /**
             * Encodes the specified Reaction message. Does not implicitly {@link SessionProtos.DataMessage.Reaction.verify|verify} messages.
             * @param message Reaction message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            public static encode(message: SessionProtos.DataMessage.IReaction, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Reaction message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns Reaction
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.DataMessage.Reaction;

            /**
             * Gets the default type url for Reaction
             * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
             * @returns The default type url
             */
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        namespace Reaction {

            /** Action enum. */
            enum Action {
                REACT = 0,
                REMOVE = 1
            }
        }

        /** Properties of an OpenGroupInvitation. */
        interface IOpenGroupInvitation {

            /** OpenGroupInvitation url */
            url: string;

            /** OpenGroupInvitation name */
            name: string;
        }

        /** Represents an OpenGroupInvitation. */
        class OpenGroupInvitation implements IOpenGroupInvitation {

            /**
             * Constructs a new OpenGroupInvitation.
             * @param [properties] Properties to set
             */
            constructor(properties?: SessionProtos.DataMessage.IOpenGroupInvitation);

            /** OpenGroupInvitation url. */
            public url: string;

            /** OpenGroupInvitation name. */
            public name: string;

            /**
             * Creates a new OpenGroupInvitation instance using the specified properties.
             * @param [properties] Properties to set
             * @returns OpenGroupInvitation instance
             */
            public static create(properties?: SessionProtos.DataMessage.IOpenGroupInvitation): SessionProtos.DataMessage.OpenGroupInvitation;

            /**
             * Encodes the specified OpenGroupInvitation message. Does not implicitly {@link SessionProtos.DataMessage.OpenGroupInvitation.verify|verify} messages.
             * @param message OpenGroupInvitation message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            public static encode(message: SessionProtos.DataMessage.IOpenGroupInvitation, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an OpenGroupInvitation message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns OpenGroupInvitation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.DataMessage.OpenGroupInvitation;

            /**
             * Gets the default type url for OpenGroupInvitation
             * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
             * @returns The default type url
             */
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }
    }

    /** Properties of a ReceiptMessage. */
    interface IReceiptMessage {

        /** ReceiptMessage type */
        type: SessionProtos.ReceiptMessage.Type;

        /** ReceiptMessage timestamp */
        timestamp?: ((number|Long)[]|null);
    }

    /** Represents a ReceiptMessage. */
    class ReceiptMessage implements IReceiptMessage {

        /**
         * Constructs a new ReceiptMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IReceiptMessage);

        /** ReceiptMessage type. */
        public type: SessionProtos.ReceiptMessage.Type;

        /** ReceiptMessage timestamp. */
        public timestamp: (number|Long)[];

        /**
         * Creates a new ReceiptMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ReceiptMessage instance
         */
        public static create(properties?: SessionProtos.IReceiptMessage): SessionProtos.ReceiptMessage;

        /**
         * Encodes the specified ReceiptMessage message. Does not implicitly {@link SessionProtos.ReceiptMessage.verify|verify} messages.
         * @param message ReceiptMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IReceiptMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ReceiptMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns ReceiptMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.ReceiptMessage;

        /**
         * Gets the default type url for ReceiptMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace ReceiptMessage {

        /** Type enum. */
        enum Type {
            DELIVERY = 0,
            READ = 1
        }
    }

    /** Properties of an AttachmentPointer. */
    interface IAttachmentPointer {

        /** AttachmentPointer id */
        id: (number|Long);

        /** AttachmentPointer contentType */
        contentType?: (string|null);

        /** AttachmentPointer key */
        key?: (Uint8Array|null);

        /** AttachmentPointer size */
        size?: (number|null);

        /** AttachmentPointer digest */
        digest?: (Uint8Array|null);

        /** AttachmentPointer fileName */
        fileName?: (string|null);

        /** AttachmentPointer flags */
        flags?: (number|null);

        /** AttachmentPointer width */
        width?: (number|null);

        /** AttachmentPointer height */
        height?: (number|null);

        /** AttachmentPointer caption */
        caption?: (string|null);

        /** AttachmentPointer url */
        url?: (string|null);
    }

    /** Represents an AttachmentPointer. */
    class AttachmentPointer implements IAttachmentPointer {

        /**
         * Constructs a new AttachmentPointer.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IAttachmentPointer);

        /** AttachmentPointer id. */
        public id: (number|Long);

        /** AttachmentPointer contentType. */
        public contentType: string;

        /** AttachmentPointer key. */
        public key: Uint8Array;

        /** AttachmentPointer size. */
        public size: number;

        /** AttachmentPointer digest. */
        public digest: Uint8Array;

        /** AttachmentPointer fileName. */
        public fileName: string;

        /** AttachmentPointer flags. */
        public flags: number;

        /** AttachmentPointer width. */
        public width: number;

        /** AttachmentPointer height. */
        public height: number;

        /** AttachmentPointer caption. */
        public caption: string;

        /** AttachmentPointer url. */
        public url: string;

        /**
         * Creates a new AttachmentPointer instance using the specified properties.
         * @param [properties] Properties to set
         * @returns AttachmentPointer instance
         */
        public static create(properties?: SessionProtos.IAttachmentPointer): SessionProtos.AttachmentPointer;

        /**
         * Encodes the specified AttachmentPointer message. Does not implicitly {@link SessionProtos.AttachmentPointer.verify|verify} messages.
         * @param message AttachmentPointer message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IAttachmentPointer, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an AttachmentPointer message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns AttachmentPointer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.AttachmentPointer;

        /**
         * Gets the default type url for AttachmentPointer
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace AttachmentPointer {

        /** Flags enum. */
        enum Flags {
            VOICE_MESSAGE = 1
        }
    }

    /** Properties of a GroupUpdateMessage. */
    interface IGroupUpdateMessage {

        /** GroupUpdateMessage inviteMessage */
        inviteMessage?: (SessionProtos.IGroupUpdateInviteMessage|null);

        /** GroupUpdateMessage infoChangeMessage */
        infoChangeMessage?: (SessionProtos.IGroupUpdateInfoChangeMessage|null);

        /** GroupUpdateMessage memberChangeMessage */
        memberChangeMessage?: (SessionProtos.IGroupUpdateMemberChangeMessage|null);

        /** GroupUpdateMessage promoteMessage */
        promoteMessage?: (SessionProtos.IGroupUpdatePromoteMessage|null);

        /** GroupUpdateMessage memberLeftMessage */
        memberLeftMessage?: (SessionProtos.IGroupUpdateMemberLeftMessage|null);

        /** GroupUpdateMessage inviteResponse */
        inviteResponse?: (SessionProtos.IGroupUpdateInviteResponseMessage|null);

        /** GroupUpdateMessage deleteMemberContent */
        deleteMemberContent?: (SessionProtos.IGroupUpdateDeleteMemberContentMessage|null);

        /** GroupUpdateMessage memberLeftNotificationMessage */
        memberLeftNotificationMessage?: (SessionProtos.IGroupUpdateMemberLeftNotificationMessage|null);
    }

    /** Represents a GroupUpdateMessage. */
    class GroupUpdateMessage implements IGroupUpdateMessage {

        /**
         * Constructs a new GroupUpdateMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IGroupUpdateMessage);

        /** GroupUpdateMessage inviteMessage. */
        public inviteMessage?: (SessionProtos.IGroupUpdateInviteMessage|null);

        /** GroupUpdateMessage infoChangeMessage. */
        public infoChangeMessage?: (SessionProtos.IGroupUpdateInfoChangeMessage|null);

        /** GroupUpdateMessage memberChangeMessage. */
        public memberChangeMessage?: (SessionProtos.IGroupUpdateMemberChangeMessage|null);

        /** GroupUpdateMessage promoteMessage. */
        public promoteMessage?: (SessionProtos.IGroupUpdatePromoteMessage|null);

        /** GroupUpdateMessage memberLeftMessage. */
        public memberLeftMessage?: (SessionProtos.IGroupUpdateMemberLeftMessage|null);

        /** GroupUpdateMessage inviteResponse. */
        public inviteResponse?: (SessionProtos.IGroupUpdateInviteResponseMessage|null);

        /** GroupUpdateMessage deleteMemberContent. */
        public deleteMemberContent?: (SessionProtos.IGroupUpdateDeleteMemberContentMessage|null);

        /** GroupUpdateMessage memberLeftNotificationMessage. */
        public memberLeftNotificationMessage?: (SessionProtos.IGroupUpdateMemberLeftNotificationMessage|null);

        /**
         * Creates a new GroupUpdateMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GroupUpdateMessage instance
         */
        public static create(properties?: SessionProtos.IGroupUpdateMessage): SessionProtos.GroupUpdateMessage;

        /**
         * Encodes the specified GroupUpdateMessage message. Does not implicitly {@link SessionProtos.GroupUpdateMessage.verify|verify} messages.
         * @param message GroupUpdateMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IGroupUpdateMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GroupUpdateMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns GroupUpdateMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.GroupUpdateMessage;

        /**
         * Gets the default type url for GroupUpdateMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a GroupUpdateInfoChangeMessage. */
    interface IGroupUpdateInfoChangeMessage {

        /** GroupUpdateInfoChangeMessage type */
        type: SessionProtos.GroupUpdateInfoChangeMessage.Type;

        /** GroupUpdateInfoChangeMessage updatedName */
        updatedName?: (string|null);

        /** GroupUpdateInfoChangeMessage updatedExpiration */
        updatedExpiration?: (number|null);

        /** GroupUpdateInfoChangeMessage adminSignature */
        adminSignature: Uint8Array;
    }

    /** Represents a GroupUpdateInfoChangeMessage. */
    class GroupUpdateInfoChangeMessage implements IGroupUpdateInfoChangeMessage {

        /**
         * Constructs a new GroupUpdateInfoChangeMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IGroupUpdateInfoChangeMessage);

        /** GroupUpdateInfoChangeMessage type. */
        public type: SessionProtos.GroupUpdateInfoChangeMessage.Type;

        /** GroupUpdateInfoChangeMessage updatedName. */
        public updatedName: string;

        /** GroupUpdateInfoChangeMessage updatedExpiration. */
        public updatedExpiration: number;

        /** GroupUpdateInfoChangeMessage adminSignature. */
        public adminSignature: Uint8Array;

        /**
         * Creates a new GroupUpdateInfoChangeMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GroupUpdateInfoChangeMessage instance
         */
        public static create(properties?: SessionProtos.IGroupUpdateInfoChangeMessage): SessionProtos.GroupUpdateInfoChangeMessage;

        /**
         * Encodes the specified GroupUpdateInfoChangeMessage message. Does not implicitly {@link SessionProtos.GroupUpdateInfoChangeMessage.verify|verify} messages.
         * @param message GroupUpdateInfoChangeMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IGroupUpdateInfoChangeMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GroupUpdateInfoChangeMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns GroupUpdateInfoChangeMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.GroupUpdateInfoChangeMessage;

        /**
         * Gets the default type url for GroupUpdateInfoChangeMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace GroupUpdateInfoChangeMessage {

        /** Type enum. */
        enum Type {
            NAME = 1,
            AVATAR = 2,
            DISAPPEARING_MESSAGES = 3
        }
    }

    /** Properties of a GroupUpdateMemberChangeMessage. */
    interface IGroupUpdateMemberChangeMessage {

        /** GroupUpdateMemberChangeMessage type */
        type: SessionProtos.GroupUpdateMemberChangeMessage.Type;

        /** GroupUpdateMemberChangeMessage memberSessionIds */
        memberSessionIds?: (string[]|null);

        /** GroupUpdateMemberChangeMessage historyShared */
        historyShared?: (boolean|null);

        /** GroupUpdateMemberChangeMessage adminSignature */
        adminSignature: Uint8Array;
    }

    /** Represents a GroupUpdateMemberChangeMessage. */
    class GroupUpdateMemberChangeMessage implements IGroupUpdateMemberChangeMessage {

        /**
         * Constructs a new GroupUpdateMemberChangeMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IGroupUpdateMemberChangeMessage);

        /** GroupUpdateMemberChangeMessage type. */
        public type: SessionProtos.GroupUpdateMemberChangeMessage.Type;

        /** GroupUpdateMemberChangeMessage memberSessionIds. */
        public memberSessionIds: string[];

        /** GroupUpdateMemberChangeMessage historyShared. */
        public historyShared: boolean;

        /** GroupUpdateMemberChangeMessage adminSignature. */
        public adminSignature: Uint8Array;

        /**
         * Creates a new GroupUpdateMemberChangeMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GroupUpdateMemberChangeMessage instance
         */
        public static create(properties?: SessionProtos.IGroupUpdateMemberChangeMessage): SessionProtos.GroupUpdateMemberChangeMessage;

        /**
         * Encodes the specified GroupUpdateMemberChangeMessage message. Does not implicitly {@link SessionProtos.GroupUpdateMemberChangeMessage.verify|verify} messages.
         * @param message GroupUpdateMemberChangeMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IGroupUpdateMemberChangeMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GroupUpdateMemberChangeMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns GroupUpdateMemberChangeMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.GroupUpdateMemberChangeMessage;

        /**
         * Gets the default type url for GroupUpdateMemberChangeMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    namespace GroupUpdateMemberChangeMessage {

        /** Type enum. */
        enum Type {
            ADDED = 1,
            REMOVED = 2,
            PROMOTED = 3
        }
    }

    /** Properties of a GroupUpdateMemberLeftMessage. */
    interface IGroupUpdateMemberLeftMessage {
    }

    /** Represents a GroupUpdateMemberLeftMessage. */
    class GroupUpdateMemberLeftMessage implements IGroupUpdateMemberLeftMessage {

        /**
         * Constructs a new GroupUpdateMemberLeftMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IGroupUpdateMemberLeftMessage);

        /**
         * Creates a new GroupUpdateMemberLeftMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GroupUpdateMemberLeftMessage instance
         */
        public static create(properties?: SessionProtos.IGroupUpdateMemberLeftMessage): SessionProtos.GroupUpdateMemberLeftMessage;

        /**
         * Encodes the specified GroupUpdateMemberLeftMessage message. Does not implicitly {@link SessionProtos.GroupUpdateMemberLeftMessage.verify|verify} messages.
         * @param message GroupUpdateMemberLeftMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IGroupUpdateMemberLeftMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GroupUpdateMemberLeftMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns GroupUpdateMemberLeftMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.GroupUpdateMemberLeftMessage;

        /**
         * Gets the default type url for GroupUpdateMemberLeftMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a GroupUpdateMemberLeftNotificationMessage. */
    interface IGroupUpdateMemberLeftNotificationMessage {
    }

    /** Represents a GroupUpdateMemberLeftNotificationMessage. */
    class GroupUpdateMemberLeftNotificationMessage implements IGroupUpdateMemberLeftNotificationMessage {

        /**
         * Constructs a new GroupUpdateMemberLeftNotificationMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IGroupUpdateMemberLeftNotificationMessage);

        /**
         * Creates a new GroupUpdateMemberLeftNotificationMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GroupUpdateMemberLeftNotificationMessage instance
         */
        public static create(properties?: SessionProtos.IGroupUpdateMemberLeftNotificationMessage): SessionProtos.GroupUpdateMemberLeftNotificationMessage;

        /**
         * Encodes the specified GroupUpdateMemberLeftNotificationMessage message. Does not implicitly {@link SessionProtos.GroupUpdateMemberLeftNotificationMessage.verify|verify} messages.
         * @param message GroupUpdateMemberLeftNotificationMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IGroupUpdateMemberLeftNotificationMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GroupUpdateMemberLeftNotificationMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns GroupUpdateMemberLeftNotificationMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.GroupUpdateMemberLeftNotificationMessage;

        /**
         * Gets the default type url for GroupUpdateMemberLeftNotificationMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a GroupUpdateInviteResponseMessage. */
    interface IGroupUpdateInviteResponseMessage {

        /** GroupUpdateInviteResponseMessage isApproved */
        isApproved: boolean;
    }

    /** Represents a GroupUpdateInviteResponseMessage. */
    class GroupUpdateInviteResponseMessage implements IGroupUpdateInviteResponseMessage {

        /**
         * Constructs a new GroupUpdateInviteResponseMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IGroupUpdateInviteResponseMessage);

        /** GroupUpdateInviteResponseMessage isApproved. */
        public isApproved: boolean;

        /**
         * Creates a new GroupUpdateInviteResponseMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GroupUpdateInviteResponseMessage instance
         */
        public static create(properties?: SessionProtos.IGroupUpdateInviteResponseMessage): SessionProtos.GroupUpdateInviteResponseMessage;

        /**
         * Encodes the specified GroupUpdateInviteResponseMessage message. Does not implicitly {@link SessionProtos.GroupUpdateInviteResponseMessage.verify|verify} messages.
         * @param message GroupUpdateInviteResponseMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IGroupUpdateInviteResponseMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GroupUpdateInviteResponseMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns GroupUpdateInviteResponseMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.GroupUpdateInviteResponseMessage;

        /**
         * Gets the default type url for GroupUpdateInviteResponseMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a GroupUpdateDeleteMemberContentMessage. */
    interface IGroupUpdateDeleteMemberContentMessage {

        /** GroupUpdateDeleteMemberContentMessage memberSessionIds */
        memberSessionIds?: (string[]|null);

        /** GroupUpdateDeleteMemberContentMessage messageHashes */
        messageHashes?: (string[]|null);

        /** GroupUpdateDeleteMemberContentMessage adminSignature */
        adminSignature?: (Uint8Array|null);
    }

    /** Represents a GroupUpdateDeleteMemberContentMessage. */
    class GroupUpdateDeleteMemberContentMessage implements IGroupUpdateDeleteMemberContentMessage {

        /**
         * Constructs a new GroupUpdateDeleteMemberContentMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IGroupUpdateDeleteMemberContentMessage);

        /** GroupUpdateDeleteMemberContentMessage memberSessionIds. */
        public memberSessionIds: string[];

        /** GroupUpdateDeleteMemberContentMessage messageHashes. */
        public messageHashes: string[];

        /** GroupUpdateDeleteMemberContentMessage adminSignature. */
        public adminSignature: Uint8Array;

        /**
         * Creates a new GroupUpdateDeleteMemberContentMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GroupUpdateDeleteMemberContentMessage instance
         */
        public static create(properties?: SessionProtos.IGroupUpdateDeleteMemberContentMessage): SessionProtos.GroupUpdateDeleteMemberContentMessage;

        /**
         * Encodes the specified GroupUpdateDeleteMemberContentMessage message. Does not implicitly {@link SessionProtos.GroupUpdateDeleteMemberContentMessage.verify|verify} messages.
         * @param message GroupUpdateDeleteMemberContentMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IGroupUpdateDeleteMemberContentMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GroupUpdateDeleteMemberContentMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns GroupUpdateDeleteMemberContentMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.GroupUpdateDeleteMemberContentMessage;

        /**
         * Gets the default type url for GroupUpdateDeleteMemberContentMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a GroupUpdateInviteMessage. */
    interface IGroupUpdateInviteMessage {

        /** GroupUpdateInviteMessage groupSessionId */
        groupSessionId: string;

        /** GroupUpdateInviteMessage name */
        name: string;

        /** GroupUpdateInviteMessage memberAuthData */
        memberAuthData: Uint8Array;

        /** GroupUpdateInviteMessage adminSignature */
        adminSignature: Uint8Array;
    }

    /** Represents a GroupUpdateInviteMessage. */
    class GroupUpdateInviteMessage implements IGroupUpdateInviteMessage {

        /**
         * Constructs a new GroupUpdateInviteMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IGroupUpdateInviteMessage);

        /** GroupUpdateInviteMessage groupSessionId. */
        public groupSessionId: string;

        /** GroupUpdateInviteMessage name. */
        public name: string;

        /** GroupUpdateInviteMessage memberAuthData. */
        public memberAuthData: Uint8Array;

        /** GroupUpdateInviteMessage adminSignature. */
        public adminSignature: Uint8Array;

        /**
         * Creates a new GroupUpdateInviteMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GroupUpdateInviteMessage instance
         */
        public static create(properties?: SessionProtos.IGroupUpdateInviteMessage): SessionProtos.GroupUpdateInviteMessage;

        /**
         * Encodes the specified GroupUpdateInviteMessage message. Does not implicitly {@link SessionProtos.GroupUpdateInviteMessage.verify|verify} messages.
         * @param message GroupUpdateInviteMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IGroupUpdateInviteMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GroupUpdateInviteMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns GroupUpdateInviteMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.GroupUpdateInviteMessage;

        /**
         * Gets the default type url for GroupUpdateInviteMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a GroupUpdatePromoteMessage. */
    interface IGroupUpdatePromoteMessage {

        /** GroupUpdatePromoteMessage groupIdentitySeed */
        groupIdentitySeed: Uint8Array;

        /** GroupUpdatePromoteMessage name */
        name: string;
    }

    /** Represents a GroupUpdatePromoteMessage. */
    class GroupUpdatePromoteMessage implements IGroupUpdatePromoteMessage {

        /**
         * Constructs a new GroupUpdatePromoteMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IGroupUpdatePromoteMessage);

        /** GroupUpdatePromoteMessage groupIdentitySeed. */
        public groupIdentitySeed: Uint8Array;

        /** GroupUpdatePromoteMessage name. */
        public name: string;

        /**
         * Creates a new GroupUpdatePromoteMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GroupUpdatePromoteMessage instance
         */
        public static create(properties?: SessionProtos.IGroupUpdatePromoteMessage): SessionProtos.GroupUpdatePromoteMessage;

        /**
         * Encodes the specified GroupUpdatePromoteMessage message. Does not implicitly {@link SessionProtos.GroupUpdatePromoteMessage.verify|verify} messages.
         * @param message GroupUpdatePromoteMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IGroupUpdatePromoteMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GroupUpdatePromoteMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns GroupUpdatePromoteMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.GroupUpdatePromoteMessage;

        /**
         * Gets the default type url for GroupUpdatePromoteMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    /** Properties of a ProMessage. */
    interface IProMessage {

        /** ProMessage proof */
        proof?: (Uint8Array|null);

        /** ProMessage profileBitset */
        profileBitset?: (number|Long|null);

        /** ProMessage msgBitset */
        msgBitset?: (number|Long|null);
    }

    /** Represents a ProMessage. */
    class ProMessage implements IProMessage {

        /**
         * Constructs a new ProMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: SessionProtos.IProMessage);

        /** ProMessage proof. */
        public proof: Uint8Array;

        /** ProMessage profileBitset. */
        public profileBitset: (number|Long);

        /** ProMessage msgBitset. */
        public msgBitset: (number|Long);

        /**
         * Creates a new ProMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ProMessage instance
         */
        public static create(properties?: SessionProtos.IProMessage): SessionProtos.ProMessage;

        /**
         * Encodes the specified ProMessage message. Does not implicitly {@link SessionProtos.ProMessage.verify|verify} messages.
         * @param message ProMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        public static encode(message: SessionProtos.IProMessage, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ProMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns ProMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        public static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): SessionProtos.ProMessage;

        /**
         * Gets the default type url for ProMessage
         * @param [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns The default type url
         */
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }
}

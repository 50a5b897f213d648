/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const SessionProtos = $root.SessionProtos = (() => {

    /**
     * Namespace SessionProtos.
     * @exports SessionProtos
     * @namespace
     */
    const SessionProtos = {};

    SessionProtos.Envelope = (function() {

        /**
         * Properties of an Envelope.
         * @memberof SessionProtos
         * @interface IEnvelope
         * @property {SessionProtos.Envelope.Type} type Envelope type
         * @property {string|null} [source] Envelope source
         * @property {number|Long} timestamp Envelope timestamp
         * @property {number|null} [sourceDevice] Envelope sourceDevice
         * @property {Uint8Array|null} [content] Envelope content
         * @property {number|Long|null} [serverTimestamp] Envelope serverTimestamp
         * @property {Uint8Array|null} [proSig] Envelope proSig
         */

        /**
         * Constructs a new Envelope.
         * @memberof SessionProtos
         * @classdesc Represents an Envelope.
         * @implements IEnvelope
         * @constructor
         * @param {SessionProtos.IEnvelope=} [properties] Properties to set
         */
        function Envelope(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * Envelope type.
         * @member {SessionProtos.Envelope.Type} type
         * @memberof SessionProtos.Envelope
         * @instance
         */
        Envelope.prototype.type = 6;

        /**
         * Envelope source.
         * @member {string} source
         * @memberof SessionProtos.Envelope
         * @instance
         */
        Envelope.prototype.source = "";

        /**
         * Envelope timestamp.
         * @member {number|Long} timestamp
         * @memberof SessionProtos.Envelope
         * @instance
         */
        Envelope.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Envelope sourceDevice.
         * @member {number} sourceDevice
         * @memberof SessionProtos.Envelope
         * @instance
         */
        Envelope.prototype.sourceDevice = 0;

        /**
         * Envelope content.
         * @member {Uint8Array} content
         * @memberof SessionProtos.Envelope
         * @instance
         */
        Envelope.prototype.content = $util.newBuffer([]);

        /**
         * Envelope serverTimestamp.
         * @member {number|Long} serverTimestamp
         * @memberof SessionProtos.Envelope
         * @instance
         */
        Envelope.prototype.serverTimestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Envelope proSig.
         * @member {Uint8Array} proSig
         * @memberof SessionProtos.Envelope
         * @instance
         */
        Envelope.prototype.proSig = $util.newBuffer([]);

        /**
         * Creates a new Envelope instance using the specified properties.
         * @function create
         * @memberof SessionProtos.Envelope
         * @static
         * @param {SessionProtos.IEnvelope=} [properties] Properties to set
         * @returns {SessionProtos.Envelope} Envelope instance
         */
        Envelope.create = function create(properties) {
            return new Envelope(properties);
        };

        /**
         * Encodes the specified Envelope message. Does not implicitly {@link SessionProtos.Envelope.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.Envelope
         * @static
         * @param {SessionProtos.IEnvelope} message Envelope message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Envelope.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
            if (message.source != null && Object.hasOwnProperty.call(message, "source"))
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.source);
            writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.timestamp);
            if (message.sourceDevice != null && Object.hasOwnProperty.call(message, "sourceDevice"))
                writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.sourceDevice);
            if (message.content != null && Object.hasOwnProperty.call(message, "content"))
                writer.uint32(/* id 8, wireType 2 =*/66).bytes(message.content);
            if (message.serverTimestamp != null && Object.hasOwnProperty.call(message, "serverTimestamp"))
                writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.serverTimestamp);
            if (message.proSig != null && Object.hasOwnProperty.call(message, "proSig"))
                writer.uint32(/* id 11, wireType 2 =*/90).bytes(message.proSig);
            return writer;
        };

        /**
         * Decodes an Envelope message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.Envelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.Envelope} Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Envelope.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.Envelope();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.type = reader.int32();
                        break;
                    }
                case 2: {
                        message.source = reader.string();
                        break;
                    }
                case 5: {
                        message.timestamp = reader.uint64();
                        break;
                    }
                case 7: {
                        message.sourceDevice = reader.uint32();
                        break;
                    }
                case 8: {
                        message.content = reader.bytes();
                        break;
                    }
                case 10: {
                        message.serverTimestamp = reader.uint64();
                        break;
                    }
                case 11: {
                        message.proSig = reader.bytes();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "type"))
                throw $util.ProtocolError("missing required 'type'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "timestamp"))
                throw $util.ProtocolError("missing required 'timestamp'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for Envelope
         * @function getTypeUrl
         * @memberof SessionProtos.Envelope
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Envelope.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.Envelope";
        };

        /**
         * Type enum.
         * @name SessionProtos.Envelope.Type
         * @enum {number}
         * @property {number} SESSION_MESSAGE=6 SESSION_MESSAGE value
         * @property {number} CLOSED_GROUP_MESSAGE=7 CLOSED_GROUP_MESSAGE value
         */
        Envelope.Type = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[6] = "SESSION_MESSAGE"] = 6;
            values[valuesById[7] = "CLOSED_GROUP_MESSAGE"] = 7;
            return values;
        })();

        return Envelope;
    })();

    SessionProtos.WebSocketRequestMessage = (function() {

        /**
         * Properties of a WebSocketRequestMessage.
         * @memberof SessionProtos
         * @interface IWebSocketRequestMessage
         * @property {string|null} [verb] WebSocketRequestMessage verb
         * @property {string|null} [path] WebSocketRequestMessage path
         * @property {Uint8Array|null} [body] WebSocketRequestMessage body
         * @property {number|Long|null} [requestId] WebSocketRequestMessage requestId
         * @property {Array.<string>|null} [headers] WebSocketRequestMessage headers
         */

        /**
         * Constructs a new WebSocketRequestMessage.
         * @memberof SessionProtos
         * @classdesc Represents a WebSocketRequestMessage.
         * @implements IWebSocketRequestMessage
         * @constructor
         * @param {SessionProtos.IWebSocketRequestMessage=} [properties] Properties to set
         */
        function WebSocketRequestMessage(properties) {
            this.headers = [];
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * WebSocketRequestMessage verb.
         * @member {string} verb
         * @memberof SessionProtos.WebSocketRequestMessage
         * @instance
         */
        WebSocketRequestMessage.prototype.verb = "";

        /**
         * WebSocketRequestMessage path.
         * @member {string} path
         * @memberof SessionProtos.WebSocketRequestMessage
         * @instance
         */
        WebSocketRequestMessage.prototype.path = "";

        /**
         * WebSocketRequestMessage body.
         * @member {Uint8Array} body
         * @memberof SessionProtos.WebSocketRequestMessage
         * @instance
         */
        WebSocketRequestMessage.prototype.body = $util.newBuffer([]);

        /**
         * WebSocketRequestMessage requestId.
         * @member {number|Long} requestId
         * @memberof SessionProtos.WebSocketRequestMessage
         * @instance
         */
        WebSocketRequestMessage.prototype.requestId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * WebSocketRequestMessage headers.
         * @member {Array.<string>} headers
         * @memberof SessionProtos.WebSocketRequestMessage
         * @instance
         */
        WebSocketRequestMessage.prototype.headers = $util.emptyArray;

        /**
         * Creates a new WebSocketRequestMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.WebSocketRequestMessage
         * @static
         * @param {SessionProtos.IWebSocketRequestMessage=} [properties] Properties to set
         * @returns {SessionProtos.WebSocketRequestMessage} WebSocketRequestMessage instance
         */
        WebSocketRequestMessage.create = function create(properties) {
            return new WebSocketRequestMessage(properties);
        };

        /**
         * Encodes the specified WebSocketRequestMessage message. Does not implicitly {@link SessionProtos.WebSocketRequestMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.WebSocketRequestMessage
         * @static
         * @param {SessionProtos.IWebSocketRequestMessage} message WebSocketRequestMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        WebSocketRequestMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (message.verb != null && Object.hasOwnProperty.call(message, "verb"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.verb);
            if (message.path != null && Object.hasOwnProperty.call(message, "path"))
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.path);
            if (message.body != null && Object.hasOwnProperty.call(message, "body"))
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.body);
            if (message.requestId != null && Object.hasOwnProperty.call(message, "requestId"))
                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.requestId);
            if (message.headers != null && message.headers.length)
                for (let i = 0; i < message.headers.length; ++i)
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.headers[i]);
            return writer;
        };

        /**
         * Decodes a WebSocketRequestMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.WebSocketRequestMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.WebSocketRequestMessage} WebSocketRequestMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        WebSocketRequestMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.WebSocketRequestMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.verb = reader.string();
                        break;
                    }
                case 2: {
                        message.path = reader.string();
                        break;
                    }
                case 3: {
                        message.body = reader.bytes();
                        break;
                    }
                case 4: {
                        message.requestId = reader.uint64();
                        break;
                    }
                case 5: {
                        if (!(message.headers && message.headers.length))
                            message.headers = [];
                        message.headers.push(reader.string());
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for WebSocketRequestMessage
         * @function getTypeUrl
         * @memberof SessionProtos.WebSocketRequestMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        WebSocketRequestMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.WebSocketRequestMessage";
        };

        return WebSocketRequestMessage;
    })();

    SessionProtos.WebSocketMessage = (function() {

        /**
         * Properties of a WebSocketMessage.
         * @memberof SessionProtos
         * @interface IWebSocketMessage
         * @property {SessionProtos.WebSocketMessage.Type|null} [type] WebSocketMessage type
         * @property {SessionProtos.IWebSocketRequestMessage|null} [request] WebSocketMessage request
         */

        /**
         * Constructs a new WebSocketMessage.
         * @memberof SessionProtos
         * @classdesc Represents a WebSocketMessage.
         * @implements IWebSocketMessage
         * @constructor
         * @param {SessionProtos.IWebSocketMessage=} [properties] Properties to set
         */
        function WebSocketMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * WebSocketMessage type.
         * @member {SessionProtos.WebSocketMessage.Type} type
         * @memberof SessionProtos.WebSocketMessage
         * @instance
         */
        WebSocketMessage.prototype.type = 0;

        /**
         * WebSocketMessage request.
         * @member {SessionProtos.IWebSocketRequestMessage|null|undefined} request
         * @memberof SessionProtos.WebSocketMessage
         * @instance
         */
        WebSocketMessage.prototype.request = null;

        /**
         * Creates a new WebSocketMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.WebSocketMessage
         * @static
         * @param {SessionProtos.IWebSocketMessage=} [properties] Properties to set
         * @returns {SessionProtos.WebSocketMessage} WebSocketMessage instance
         */
        WebSocketMessage.create = function create(properties) {
            return new WebSocketMessage(properties);
        };

        /**
         * Encodes the specified WebSocketMessage message. Does not implicitly {@link SessionProtos.WebSocketMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.WebSocketMessage
         * @static
         * @param {SessionProtos.IWebSocketMessage} message WebSocketMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        WebSocketMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (message.type != null && Object.hasOwnProperty.call(message, "type"))
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
            if (message.request != null && Object.hasOwnProperty.call(message, "request"))
                $root.SessionProtos.WebSocketRequestMessage.encode(message.request, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
            return writer;
        };

        /**
         * Decodes a WebSocketMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.WebSocketMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.WebSocketMessage} WebSocketMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        WebSocketMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.WebSocketMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.type = reader.int32();
                        break;
                    }
                case 2: {
                        message.request = $root.SessionProtos.WebSocketRequestMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for WebSocketMessage
         * @function getTypeUrl
         * @memberof SessionProtos.WebSocketMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        WebSocketMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.WebSocketMessage";
        };

        /**
         * Type enum.
         * @name SessionProtos.WebSocketMessage.Type
         * @enum {number}
         * @property {number} UNKNOWN=0 UNKNOWN value
         * @property {number} REQUEST=1 REQUEST value
         * @property {number} RESPONSE=2 RESPONSE value
         */
        WebSocketMessage.Type = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "UNKNOWN"] = 0;
            values[valuesById[1] = "REQUEST"] = 1;
            values[valuesById[2] = "RESPONSE"] = 2;
            return values;
        })();

        return WebSocketMessage;
    })();

    SessionProtos.Content = (function() {

        /**
         * Properties of a Content.
         * @memberof SessionProtos
         * @interface IContent
         * @property {SessionProtos.IDataMessage|null} [dataMessage] Content dataMessage
         * @property {SessionProtos.ICallMessage|null} [callMessage] Content callMessage
         * @property {SessionProtos.IReceiptMessage|null} [receiptMessage] Content receiptMessage
         * @property {SessionProtos.ITypingMessage|null} [typingMessage] Content typingMessage
         * @property {SessionProtos.IDataExtractionNotification|null} [dataExtractionNotification] Content dataExtractionNotification
         * @property {SessionProtos.IUnsendRequest|null} [unsendRequest] Content unsendRequest
         * @property {SessionProtos.IMessageRequestResponse|null} [messageRequestResponse] Content messageRequestResponse
         * @property {SessionProtos.ISharedConfigMessage|null} [sharedConfigMessage] Content sharedConfigMessage
         * @property {SessionProtos.Content.ExpirationType|null} [expirationType] Content expirationType
         * @property {number|null} [expirationTimer] Content expirationTimer
         * @property {number|Long|null} [sigTimestamp] Content sigTimestamp
         * @property {SessionProtos.IProMessage|null} [proMessage] Content proMessage
         * @property {Uint8Array|null} [proSigForCommunityMessageOnly] Content proSigForCommunityMessageOnly
         */

        /**
         * Constructs a new Content.
         * @memberof SessionProtos
         * @classdesc Represents a Content.
         * @implements IContent
         * @constructor
         * @param {SessionProtos.IContent=} [properties] Properties to set
         */
        function Content(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * Content dataMessage.
         * @member {SessionProtos.IDataMessage|null|undefined} dataMessage
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.dataMessage = null;

        /**
         * Content callMessage.
         * @member {SessionProtos.ICallMessage|null|undefined} callMessage
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.callMessage = null;

        /**
         * Content receiptMessage.
         * @member {SessionProtos.IReceiptMessage|null|undefined} receiptMessage
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.receiptMessage = null;

        /**
         * Content typingMessage.
         * @member {SessionProtos.ITypingMessage|null|undefined} typingMessage
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.typingMessage = null;

        /**
         * Content dataExtractionNotification.
         * @member {SessionProtos.IDataExtractionNotification|null|undefined} dataExtractionNotification
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.dataExtractionNotification = null;

        /**
         * Content unsendRequest.
         * @member {SessionProtos.IUnsendRequest|null|undefined} unsendRequest
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.unsendRequest = null;

        /**
         * Content messageRequestResponse.
         * @member {SessionProtos.IMessageRequestResponse|null|undefined} messageRequestResponse
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.messageRequestResponse = null;

        /**
         * Content sharedConfigMessage.
         * @member {SessionProtos.ISharedConfigMessage|null|undefined} sharedConfigMessage
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.sharedConfigMessage = null;

        /**
         * Content expirationType.
         * @member {SessionProtos.Content.ExpirationType} expirationType
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.expirationType = 0;

        /**
         * Content expirationTimer.
         * @member {number} expirationTimer
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.expirationTimer = 0;

        /**
         * Content sigTimestamp.
         * @member {number|Long} sigTimestamp
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.sigTimestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Content proMessage.
         * @member {SessionProtos.IProMessage|null|undefined} proMessage
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.proMessage = null;

        /**
         * Content proSigForCommunityMessageOnly.
         * @member {Uint8Array} proSigForCommunityMessageOnly
         * @memberof SessionProtos.Content
         * @instance
         */
        Content.prototype.proSigForCommunityMessageOnly = $util.newBuffer([]);

        /**
         * Creates a new Content instance using the specified properties.
         * @function create
         * @memberof SessionProtos.Content
         * @static
         * @param {SessionProtos.IContent=} [properties] Properties to set
         * @returns {SessionProtos.Content} Content instance
         */
        Content.create = function create(properties) {
            return new Content(properties);
        };

        /**
         * Encodes the specified Content message. Does not implicitly {@link SessionProtos.Content.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.Content
         * @static
         * @param {SessionProtos.IContent} message Content message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Content.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (message.dataMessage != null && Object.hasOwnProperty.call(message, "dataMessage"))
                $root.SessionProtos.DataMessage.encode(message.dataMessage, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
            if (message.callMessage != null && Object.hasOwnProperty.call(message, "callMessage"))
                $root.SessionProtos.CallMessage.encode(message.callMessage, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
            if (message.receiptMessage != null && Object.hasOwnProperty.call(message, "receiptMessage"))
                $root.SessionProtos.ReceiptMessage.encode(message.receiptMessage, writer.uint32(/* id 5, wireType 2 =*/42).fork(), q + 1).ldelim();
            if (message.typingMessage != null && Object.hasOwnProperty.call(message, "typingMessage"))
                $root.SessionProtos.TypingMessage.encode(message.typingMessage, writer.uint32(/* id 6, wireType 2 =*/50).fork(), q + 1).ldelim();
            if (message.dataExtractionNotification != null && Object.hasOwnProperty.call(message, "dataExtractionNotification"))
                $root.SessionProtos.DataExtractionNotification.encode(message.dataExtractionNotification, writer.uint32(/* id 8, wireType 2 =*/66).fork(), q + 1).ldelim();
            if (message.unsendRequest != null && Object.hasOwnProperty.call(message, "unsendRequest"))
                $root.SessionProtos.UnsendRequest.encode(message.unsendRequest, writer.uint32(/* id 9, wireType 2 =*/74).fork(), q + 1).ldelim();
            if (message.messageRequestResponse != null && Object.hasOwnProperty.call(message, "messageRequestResponse"))
                $root.SessionProtos.MessageRequestResponse.encode(message.messageRequestResponse, writer.uint32(/* id 10, wireType 2 =*/82).fork(), q + 1).ldelim();
            if (message.sharedConfigMessage != null && Object.hasOwnProperty.call(message, "sharedConfigMessage"))
                $root.SessionProtos.SharedConfigMessage.encode(message.sharedConfigMessage, writer.uint32(/* id 11, wireType 2 =*/90).fork(), q + 1).ldelim();
            if (message.expirationType != null && Object.hasOwnProperty.call(message, "expirationType"))
                writer.uint32(/* id 12, wireType 0 =*/96).int32(message.expirationType);
            if (message.expirationTimer != null && Object.hasOwnProperty.call(message, "expirationTimer"))
                writer.uint32(/* id 13, wireType 0 =*/104).uint32(message.expirationTimer);
            if (message.sigTimestamp != null && Object.hasOwnProperty.call(message, "sigTimestamp"))
                writer.uint32(/* id 15, wireType 0 =*/120).uint64(message.sigTimestamp);
            if (message.proMessage != null && Object.hasOwnProperty.call(message, "proMessage"))
                $root.SessionProtos.ProMessage.encode(message.proMessage, writer.uint32(/* id 16, wireType 2 =*/130).fork(), q + 1).ldelim();
            if (message.proSigForCommunityMessageOnly != null && Object.hasOwnProperty.call(message, "proSigForCommunityMessageOnly"))
                writer.uint32(/* id 17, wireType 2 =*/138).bytes(message.proSigForCommunityMessageOnly);
            return writer;
        };

        /**
         * Decodes a Content message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.Content
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.Content} Content
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Content.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.Content();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.dataMessage = $root.SessionProtos.DataMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 3: {
                        message.callMessage = $root.SessionProtos.CallMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 5: {
                        message.receiptMessage = $root.SessionProtos.ReceiptMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 6: {
                        message.typingMessage = $root.SessionProtos.TypingMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 8: {
                        message.dataExtractionNotification = $root.SessionProtos.DataExtractionNotification.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 9: {
                        message.unsendRequest = $root.SessionProtos.UnsendRequest.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 10: {
                        message.messageRequestResponse = $root.SessionProtos.MessageRequestResponse.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 11: {
                        message.sharedConfigMessage = $root.SessionProtos.SharedConfigMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 12: {
                        message.expirationType = reader.int32();
                        break;
                    }
                case 13: {
                        message.expirationTimer = reader.uint32();
                        break;
                    }
                case 15: {
                        message.sigTimestamp = reader.uint64();
                        break;
                    }
                case 16: {
                        message.proMessage = $root.SessionProtos.ProMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 17: {
                        message.proSigForCommunityMessageOnly = reader.bytes();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for Content
         * @function getTypeUrl
         * @memberof SessionProtos.Content
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        Content.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.Content";
        };

        /**
         * ExpirationType enum.
         * @name SessionProtos.Content.ExpirationType
         * @enum {number}
         * @property {number} UNKNOWN=0 UNKNOWN value
         * @property {number} DELETE_AFTER_READ=1 DELETE_AFTER_READ value
         * @property {number} DELETE_AFTER_SEND=2 DELETE_AFTER_SEND value
         */
        Content.ExpirationType = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "UNKNOWN"] = 0;
            values[valuesById[1] = "DELETE_AFTER_READ"] = 1;
            values[valuesById[2] = "DELETE_AFTER_SEND"] = 2;
            return values;
        })();

        return Content;
    })();

    SessionProtos.SharedConfigMessage = (function() {

        /**
         * Properties of a SharedConfigMessage.
         * @memberof SessionProtos
         * @interface ISharedConfigMessage
         * @property {SessionProtos.SharedConfigMessage.Kind} kind SharedConfigMessage kind
         * @property {number|Long} seqno SharedConfigMessage seqno
         * @property {Uint8Array} data SharedConfigMessage data
         */

        /**
         * Constructs a new SharedConfigMessage.
         * @memberof SessionProtos
         * @classdesc Represents a SharedConfigMessage.
         * @implements ISharedConfigMessage
         * @constructor
         * @param {SessionProtos.ISharedConfigMessage=} [properties] Properties to set
         */
        function SharedConfigMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * SharedConfigMessage kind.
         * @member {SessionProtos.SharedConfigMessage.Kind} kind
         * @memberof SessionProtos.SharedConfigMessage
         * @instance
         */
        SharedConfigMessage.prototype.kind = 1;

        /**
         * SharedConfigMessage seqno.
         * @member {number|Long} seqno
         * @memberof SessionProtos.SharedConfigMessage
         * @instance
         */
        SharedConfigMessage.prototype.seqno = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        /**
         * SharedConfigMessage data.
         * @member {Uint8Array} data
         * @memberof SessionProtos.SharedConfigMessage
         * @instance
         */
        SharedConfigMessage.prototype.data = $util.newBuffer([]);

        /**
         * Creates a new SharedConfigMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.SharedConfigMessage
         * @static
         * @param {SessionProtos.ISharedConfigMessage=} [properties] Properties to set
         * @returns {SessionProtos.SharedConfigMessage} SharedConfigMessage instance
         */
        SharedConfigMessage.create = function create(properties) {
            return new SharedConfigMessage(properties);
        };

        /**
         * Encodes the specified SharedConfigMessage message. Does not implicitly {@link SessionProtos.SharedConfigMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.SharedConfigMessage
         * @static
         * @param {SessionProtos.ISharedConfigMessage} message SharedConfigMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SharedConfigMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.kind);
            writer.uint32(/* id 2, wireType 0 =*/16).int64(message.seqno);
            writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.data);
            return writer;
        };

        /**
         * Decodes a SharedConfigMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.SharedConfigMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.SharedConfigMessage} SharedConfigMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SharedConfigMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.SharedConfigMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.kind = reader.int32();
                        break;
                    }
                case 2: {
                        message.seqno = reader.int64();
                        break;
                    }
                case 3: {
                        message.data = reader.bytes();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "kind"))
                throw $util.ProtocolError("missing required 'kind'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "seqno"))
                throw $util.ProtocolError("missing required 'seqno'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "data"))
                throw $util.ProtocolError("missing required 'data'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for SharedConfigMessage
         * @function getTypeUrl
         * @memberof SessionProtos.SharedConfigMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        SharedConfigMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.SharedConfigMessage";
        };

        /**
         * Kind enum.
         * @name SessionProtos.SharedConfigMessage.Kind
         * @enum {number}
         * @property {number} USER_PROFILE=1 USER_PROFILE value
         * @property {number} CONTACTS=2 CONTACTS value
         * @property {number} CONVO_INFO_VOLATILE=3 CONVO_INFO_VOLATILE value
         * @property {number} USER_GROUPS=4 USER_GROUPS value
         */
        SharedConfigMessage.Kind = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[1] = "USER_PROFILE"] = 1;
            values[valuesById[2] = "CONTACTS"] = 2;
            values[valuesById[3] = "CONVO_INFO_VOLATILE"] = 3;
            values[valuesById[4] = "USER_GROUPS"] = 4;
            return values;
        })();

        return SharedConfigMessage;
    })();

    SessionProtos.TypingMessage = (function() {

        /**
         * Properties of a TypingMessage.
         * @memberof SessionProtos
         * @interface ITypingMessage
         * @property {number|Long} timestamp TypingMessage timestamp
         * @property {SessionProtos.TypingMessage.Action} action TypingMessage action
         */

        /**
         * Constructs a new TypingMessage.
         * @memberof SessionProtos
         * @classdesc Represents a TypingMessage.
         * @implements ITypingMessage
         * @constructor
         * @param {SessionProtos.ITypingMessage=} [properties] Properties to set
         */
        function TypingMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * TypingMessage timestamp.
         * @member {number|Long} timestamp
         * @memberof SessionProtos.TypingMessage
         * @instance
         */
        TypingMessage.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * TypingMessage action.
         * @member {SessionProtos.TypingMessage.Action} action
         * @memberof SessionProtos.TypingMessage
         * @instance
         */
        TypingMessage.prototype.action = 0;

        /**
         * Creates a new TypingMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.TypingMessage
         * @static
         * @param {SessionProtos.ITypingMessage=} [properties] Properties to set
         * @returns {SessionProtos.TypingMessage} TypingMessage instance
         */
        TypingMessage.create = function create(properties) {
            return new TypingMessage(properties);
        };

        /**
         * Encodes the specified TypingMessage message. Does not implicitly {@link SessionProtos.TypingMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.TypingMessage
         * @static
         * @param {SessionProtos.ITypingMessage} message TypingMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        TypingMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.timestamp);
            writer.uint32(/* id 2, wireType 0 =*/16).int32(message.action);
            return writer;
        };

        /**
         * Decodes a TypingMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.TypingMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.TypingMessage} TypingMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        TypingMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.TypingMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.timestamp = reader.uint64();
                        break;
                    }
                case 2: {
                        message.action = reader.int32();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "timestamp"))
                throw $util.ProtocolError("missing required 'timestamp'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "action"))
                throw $util.ProtocolError("missing required 'action'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for TypingMessage
         * @function getTypeUrl
         * @memberof SessionProtos.TypingMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        TypingMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.TypingMessage";
        };

        /**
         * Action enum.
         * @name SessionProtos.TypingMessage.Action
         * @enum {number}
         * @property {number} STARTED=0 STARTED value
         * @property {number} STOPPED=1 STOPPED value
         */
        TypingMessage.Action = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "STARTED"] = 0;
            values[valuesById[1] = "STOPPED"] = 1;
            return values;
        })();

        return TypingMessage;
    })();

    SessionProtos.UnsendRequest = (function() {

        /**
         * Properties of an UnsendRequest.
         * @memberof SessionProtos
         * @interface IUnsendRequest
         * @property {number|Long} timestamp UnsendRequest timestamp
         * @property {string} author UnsendRequest author
         */

        /**
         * Constructs a new UnsendRequest.
         * @memberof SessionProtos
         * @classdesc Represents an UnsendRequest.
         * @implements IUnsendRequest
         * @constructor
         * @param {SessionProtos.IUnsendRequest=} [properties] Properties to set
         */
        function UnsendRequest(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * UnsendRequest timestamp.
         * @member {number|Long} timestamp
         * @memberof SessionProtos.UnsendRequest
         * @instance
         */
        UnsendRequest.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * UnsendRequest author.
         * @member {string} author
         * @memberof SessionProtos.UnsendRequest
         * @instance
         */
        UnsendRequest.prototype.author = "";

        /**
         * Creates a new UnsendRequest instance using the specified properties.
         * @function create
         * @memberof SessionProtos.UnsendRequest
         * @static
         * @param {SessionProtos.IUnsendRequest=} [properties] Properties to set
         * @returns {SessionProtos.UnsendRequest} UnsendRequest instance
         */
        UnsendRequest.create = function create(properties) {
            return new UnsendRequest(properties);
        };

        /**
         * Encodes the specified UnsendRequest message. Does not implicitly {@link SessionProtos.UnsendRequest.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.UnsendRequest
         * @static
         * @param {SessionProtos.IUnsendRequest} message UnsendRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        UnsendRequest.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.timestamp);
            writer.uint32(/* id 2, wireType 2 =*/18).string(message.author);
            return writer;
        };

        /**
         * Decodes an UnsendRequest message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.UnsendRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.UnsendRequest} UnsendRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        UnsendRequest.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.UnsendRequest();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.timestamp = reader.uint64();
                        break;
                    }
                case 2: {
                        message.author = reader.string();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "timestamp"))
                throw $util.ProtocolError("missing required 'timestamp'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "author"))
                throw $util.ProtocolError("missing required 'author'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for UnsendRequest
         * @function getTypeUrl
         * @memberof SessionProtos.UnsendRequest
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        UnsendRequest.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.UnsendRequest";
        };

        return UnsendRequest;
    })();

    SessionProtos.MessageRequestResponse = (function() {

        /**
         * Properties of a MessageRequestResponse.
         * @memberof SessionProtos
         * @interface IMessageRequestResponse
         * @property {boolean} isApproved MessageRequestResponse isApproved
         * @property {Uint8Array|null} [profileKey] MessageRequestResponse profileKey
         * @property {SessionProtos.ILokiProfile|null} [profile] MessageRequestResponse profile
         */

        /**
         * Constructs a new MessageRequestResponse.
         * @memberof SessionProtos
         * @classdesc Represents a MessageRequestResponse.
         * @implements IMessageRequestResponse
         * @constructor
         * @param {SessionProtos.IMessageRequestResponse=} [properties] Properties to set
         */
        function MessageRequestResponse(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * MessageRequestResponse isApproved.
         * @member {boolean} isApproved
         * @memberof SessionProtos.MessageRequestResponse
         * @instance
         */
        MessageRequestResponse.prototype.isApproved = false;

        /**
         * MessageRequestResponse profileKey.
         * @member {Uint8Array} profileKey
         * @memberof SessionProtos.MessageRequestResponse
         * @instance
         */
        MessageRequestResponse.prototype.profileKey = $util.newBuffer([]);

        /**
         * MessageRequestResponse profile.
         * @member {SessionProtos.ILokiProfile|null|undefined} profile
         * @memberof SessionProtos.MessageRequestResponse
         * @instance
         */
        MessageRequestResponse.prototype.profile = null;

        /**
         * Creates a new MessageRequestResponse instance using the specified properties.
         * @function create
         * @memberof SessionProtos.MessageRequestResponse
         * @static
         * @param {SessionProtos.IMessageRequestResponse=} [properties] Properties to set
         * @returns {SessionProtos.MessageRequestResponse} MessageRequestResponse instance
         */
        MessageRequestResponse.create = function create(properties) {
            return new MessageRequestResponse(properties);
        };

        /**
         * Encodes the specified MessageRequestResponse message. Does not implicitly {@link SessionProtos.MessageRequestResponse.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.MessageRequestResponse
         * @static
         * @param {SessionProtos.IMessageRequestResponse} message MessageRequestResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        MessageRequestResponse.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).bool(message.isApproved);
            if (message.profileKey != null && Object.hasOwnProperty.call(message, "profileKey"))
                writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.profileKey);
            if (message.profile != null && Object.hasOwnProperty.call(message, "profile"))
                $root.SessionProtos.LokiProfile.encode(message.profile, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
            return writer;
        };

        /**
         * Decodes a MessageRequestResponse message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.MessageRequestResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.MessageRequestResponse} MessageRequestResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        MessageRequestResponse.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.MessageRequestResponse();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.isApproved = reader.bool();
                        break;
                    }
                case 2: {
                        message.profileKey = reader.bytes();
                        break;
                    }
                case 3: {
                        message.profile = $root.SessionProtos.LokiProfile.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "isApproved"))
                throw $util.ProtocolError("missing required 'isApproved'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for MessageRequestResponse
         * @function getTypeUrl
         * @memberof SessionProtos.MessageRequestResponse
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        MessageRequestResponse.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.MessageRequestResponse";
        };

        return MessageRequestResponse;
    })();

    SessionProtos.CallMessage = (function() {

        /**
         * Properties of a CallMessage.
         * @memberof SessionProtos
         * @interface ICallMessage
         * @property {SessionProtos.CallMessage.Type} type CallMessage type
         * @property {Array.<string>|null} [sdps] CallMessage sdps
         * @property {Array.<number>|null} [sdpMLineIndexes] CallMessage sdpMLineIndexes
         * @property {Array.<string>|null} [sdpMids] CallMessage sdpMids
         * @property {string} uuid CallMessage uuid
         */

        /**
         * Constructs a new CallMessage.
         * @memberof SessionProtos
         * @classdesc Represents a CallMessage.
         * @implements ICallMessage
         * @constructor
         * @param {SessionProtos.ICallMessage=} [properties] Properties to set
         */
        function CallMessage(properties) {
            this.sdps = [];
            this.sdpMLineIndexes = [];
            this.sdpMids = [];
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * CallMessage type.
         * @member {SessionProtos.CallMessage.Type} type
         * @memberof SessionProtos.CallMessage
         * @instance
         */
        CallMessage.prototype.type = 6;

        /**
         * CallMessage sdps.
         * @member {Array.<string>} sdps
         * @memberof SessionProtos.CallMessage
         * @instance
         */
        CallMessage.prototype.sdps = $util.emptyArray;

        /**
         * CallMessage sdpMLineIndexes.
         * @member {Array.<number>} sdpMLineIndexes
         * @memberof SessionProtos.CallMessage
         * @instance
         */
        CallMessage.prototype.sdpMLineIndexes = $util.emptyArray;

        /**
         * CallMessage sdpMids.
         * @member {Array.<string>} sdpMids
         * @memberof SessionProtos.CallMessage
         * @instance
         */
        CallMessage.prototype.sdpMids = $util.emptyArray;

        /**
         * CallMessage uuid.
         * @member {string} uuid
         * @memberof SessionProtos.CallMessage
         * @instance
         */
        CallMessage.prototype.uuid = "";

        /**
         * Creates a new CallMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.CallMessage
         * @static
         * @param {SessionProtos.ICallMessage=} [properties] Properties to set
         * @returns {SessionProtos.CallMessage} CallMessage instance
         */
        CallMessage.create = function create(properties) {
            return new CallMessage(properties);
        };

        /**
         * Encodes the specified CallMessage message. Does not implicitly {@link SessionProtos.CallMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.CallMessage
         * @static
         * @param {SessionProtos.ICallMessage} message CallMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CallMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
            if (message.sdps != null && message.sdps.length)
                for (let i = 0; i < message.sdps.length; ++i)
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.sdps[i]);
            if (message.sdpMLineIndexes != null && message.sdpMLineIndexes.length)
                for (let i = 0; i < message.sdpMLineIndexes.length; ++i)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.sdpMLineIndexes[i]);
            if (message.sdpMids != null && message.sdpMids.length)
                for (let i = 0; i < message.sdpMids.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.sdpMids[i]);
            writer.uint32(/* id 5, wireType 2 =*/42).string(message.uuid);
            return writer;
        };

        /**
         * Decodes a CallMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.CallMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.CallMessage} CallMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CallMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.CallMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.type = reader.int32();
                        break;
                    }
                case 2: {
                        if (!(message.sdps && message.sdps.length))
                            message.sdps = [];
                        message.sdps.push(reader.string());
                        break;
                    }
                case 3: {
                        if (!(message.sdpMLineIndexes && message.sdpMLineIndexes.length))
                            message.sdpMLineIndexes = [];
                        if ((tag & 7) === 2) {
                            let end2 = reader.uint32() + reader.pos;
                            if (end2 > reader.len)
                                throw RangeError("index out of range");
                            reader.len = end2;
                            while (reader.pos < end2)
                                message.sdpMLineIndexes.push(reader.uint32());
                            if (reader.pos !== end2)
                                throw RangeError("index out of range");
                            reader.len = end;
                        } else
                            message.sdpMLineIndexes.push(reader.uint32());
                        break;
                    }
                case 4: {
                        if (!(message.sdpMids && message.sdpMids.length))
                            message.sdpMids = [];
                        message.sdpMids.push(reader.string());
                        break;
                    }
                case 5: {
                        message.uuid = reader.string();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "type"))
                throw $util.ProtocolError("missing required 'type'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "uuid"))
                throw $util.ProtocolError("missing required 'uuid'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for CallMessage
         * @function getTypeUrl
         * @memberof SessionProtos.CallMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        CallMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.CallMessage";
        };

        /**
         * Type enum.
         * @name SessionProtos.CallMessage.Type
         * @enum {number}
         * @property {number} PRE_OFFER=6 PRE_OFFER value
         * @property {number} OFFER=1 OFFER value
         * @property {number} ANSWER=2 ANSWER value
         * @property {number} PROVISIONAL_ANSWER=3 PROVISIONAL_ANSWER value
         * @property {number} ICE_CANDIDATES=4 ICE_CANDIDATES value
         * @property {number} END_CALL=5 END_CALL value
         */
        CallMessage.Type = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[6] = "PRE_OFFER"] = 6;
            values[valuesById[1] = "OFFER"] = 1;
            values[valuesById[2] = "ANSWER"] = 2;
            values[valuesById[3] = "PROVISIONAL_ANSWER"] = 3;
            values[valuesById[4] = "ICE_CANDIDATES"] = 4;
            values[valuesById[5] = "END_CALL"] = 5;
            return values;
        })();

        return CallMessage;
    })();

    SessionProtos.DataExtractionNotification = (function() {

        /**
         * Properties of a DataExtractionNotification.
         * @memberof SessionProtos
         * @interface IDataExtractionNotification
         * @property {SessionProtos.DataExtractionNotification.Type} type DataExtractionNotification type
         * @property {number|Long|null} [timestamp] DataExtractionNotification timestamp
         */

        /**
         * Constructs a new DataExtractionNotification.
         * @memberof SessionProtos
         * @classdesc Represents a DataExtractionNotification.
         * @implements IDataExtractionNotification
         * @constructor
         * @param {SessionProtos.IDataExtractionNotification=} [properties] Properties to set
         */
        function DataExtractionNotification(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * DataExtractionNotification type.
         * @member {SessionProtos.DataExtractionNotification.Type} type
         * @memberof SessionProtos.DataExtractionNotification
         * @instance
         */
        DataExtractionNotification.prototype.type = 1;

        /**
         * DataExtractionNotification timestamp.
         * @member {number|Long} timestamp
         * @memberof SessionProtos.DataExtractionNotification
         * @instance
         */
        DataExtractionNotification.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new DataExtractionNotification instance using the specified properties.
         * @function create
         * @memberof SessionProtos.DataExtractionNotification
         * @static
         * @param {SessionProtos.IDataExtractionNotification=} [properties] Properties to set
         * @returns {SessionProtos.DataExtractionNotification} DataExtractionNotification instance
         */
        DataExtractionNotification.create = function create(properties) {
            return new DataExtractionNotification(properties);
        };

        /**
         * Encodes the specified DataExtractionNotification message. Does not implicitly {@link SessionProtos.DataExtractionNotification.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.DataExtractionNotification
         * @static
         * @param {SessionProtos.IDataExtractionNotification} message DataExtractionNotification message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DataExtractionNotification.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
            if (message.timestamp != null && Object.hasOwnProperty.call(message, "timestamp"))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.timestamp);
            return writer;
        };

        /**
         * Decodes a DataExtractionNotification message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.DataExtractionNotification
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.DataExtractionNotification} DataExtractionNotification
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DataExtractionNotification.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.DataExtractionNotification();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.type = reader.int32();
                        break;
                    }
                case 2: {
                        message.timestamp = reader.uint64();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "type"))
                throw $util.ProtocolError("missing required 'type'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for DataExtractionNotification
         * @function getTypeUrl
         * @memberof SessionProtos.DataExtractionNotification
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        DataExtractionNotification.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.DataExtractionNotification";
        };

        /**
         * Type enum.
         * @name SessionProtos.DataExtractionNotification.Type
         * @enum {number}
         * @property {number} SCREENSHOT=1 SCREENSHOT value
         * @property {number} MEDIA_SAVED=2 MEDIA_SAVED value
         */
        DataExtractionNotification.Type = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[1] = "SCREENSHOT"] = 1;
            values[valuesById[2] = "MEDIA_SAVED"] = 2;
            return values;
        })();

        return DataExtractionNotification;
    })();

    SessionProtos.LokiProfile = (function() {

        /**
         * Properties of a LokiProfile.
         * @memberof SessionProtos
         * @interface ILokiProfile
         * @property {string|null} [displayName] LokiProfile displayName
         * @property {string|null} [profilePicture] LokiProfile profilePicture
         * @property {number|Long|null} [lastUpdateSeconds] LokiProfile lastUpdateSeconds
         */

        /**
         * Constructs a new LokiProfile.
         * @memberof SessionProtos
         * @classdesc Represents a LokiProfile.
         * @implements ILokiProfile
         * @constructor
         * @param {SessionProtos.ILokiProfile=} [properties] Properties to set
         */
        function LokiProfile(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * LokiProfile displayName.
         * @member {string} displayName
         * @memberof SessionProtos.LokiProfile
         * @instance
         */
        LokiProfile.prototype.displayName = "";

        /**
         * LokiProfile profilePicture.
         * @member {string} profilePicture
         * @memberof SessionProtos.LokiProfile
         * @instance
         */
        LokiProfile.prototype.profilePicture = "";

        /**
         * LokiProfile lastUpdateSeconds.
         * @member {number|Long} lastUpdateSeconds
         * @memberof SessionProtos.LokiProfile
         * @instance
         */
        LokiProfile.prototype.lastUpdateSeconds = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new LokiProfile instance using the specified properties.
         * @function create
         * @memberof SessionProtos.LokiProfile
         * @static
         * @param {SessionProtos.ILokiProfile=} [properties] Properties to set
         * @returns {SessionProtos.LokiProfile} LokiProfile instance
         */
        LokiProfile.create = function create(properties) {
            return new LokiProfile(properties);
        };

        /**
         * Encodes the specified LokiProfile message. Does not implicitly {@link SessionProtos.LokiProfile.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.LokiProfile
         * @static
         * @param {SessionProtos.ILokiProfile} message LokiProfile message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        LokiProfile.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (message.displayName != null && Object.hasOwnProperty.call(message, "displayName"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.displayName);
            if (message.profilePicture != null && Object.hasOwnProperty.call(message, "profilePicture"))
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.profilePicture);
            if (message.lastUpdateSeconds != null && Object.hasOwnProperty.call(message, "lastUpdateSeconds"))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.lastUpdateSeconds);
            return writer;
        };

        /**
         * Decodes a LokiProfile message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.LokiProfile
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.LokiProfile} LokiProfile
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        LokiProfile.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.LokiProfile();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.displayName = reader.string();
                        break;
                    }
                case 2: {
                        message.profilePicture = reader.string();
                        break;
                    }
                case 3: {
                        message.lastUpdateSeconds = reader.uint64();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for LokiProfile
         * @function getTypeUrl
         * @memberof SessionProtos.LokiProfile
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        LokiProfile.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.LokiProfile";
        };

        return LokiProfile;
    })();

    SessionProtos.DataMessage = (function() {

        /**
         * Properties of a DataMessage.
         * @memberof SessionProtos
         * @interface IDataMessage
         * @property {string|null} [body] DataMessage body
         * @property {Array.<SessionProtos.IAttachmentPointer>|null} [attachments] DataMessage attachments
         * @property {number|null} [flags] DataMessage flags
         * @property {number|null} [expireTimer] DataMessage expireTimer
         * @property {Uint8Array|null} [profileKey] DataMessage profileKey
         * @property {SessionProtos.DataMessage.IQuote|null} [quote] DataMessage quote
         * @property {Array.<SessionProtos.DataMessage.IPreview>|null} [preview] DataMessage preview
         * @property {SessionProtos.DataMessage.IReaction|null} [reaction] DataMessage reaction
         * @property {SessionProtos.ILokiProfile|null} [profile] DataMessage profile
         * @property {SessionProtos.DataMessage.IOpenGroupInvitation|null} [openGroupInvitation] DataMessage openGroupInvitation
         * @property {string|null} [syncTarget] DataMessage syncTarget
         * @property {boolean|null} [blocksCommunityMessageRequests] DataMessage blocksCommunityMessageRequests
         * @property {SessionProtos.IGroupUpdateMessage|null} [groupUpdateMessage] DataMessage groupUpdateMessage
         */

        /**
         * Constructs a new DataMessage.
         * @memberof SessionProtos
         * @classdesc Represents a DataMessage.
         * @implements IDataMessage
         * @constructor
         * @param {SessionProtos.IDataMessage=} [properties] Properties to set
         */
        function DataMessage(properties) {
            this.attachments = [];
            this.preview = [];
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * DataMessage body.
         * @member {string} body
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.body = "";

        /**
         * DataMessage attachments.
         * @member {Array.<SessionProtos.IAttachmentPointer>} attachments
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.attachments = $util.emptyArray;

        /**
         * DataMessage flags.
         * @member {number} flags
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.flags = 0;

        /**
         * DataMessage expireTimer.
         * @member {number} expireTimer
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.expireTimer = 0;

        /**
         * DataMessage profileKey.
         * @member {Uint8Array} profileKey
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.profileKey = $util.newBuffer([]);

        /**
         * DataMessage quote.
         * @member {SessionProtos.DataMessage.IQuote|null|undefined} quote
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.quote = null;

        /**
         * DataMessage preview.
         * @member {Array.<SessionProtos.DataMessage.IPreview>} preview
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.preview = $util.emptyArray;

        /**
         * DataMessage reaction.
         * @member {SessionProtos.DataMessage.IReaction|null|undefined} reaction
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.reaction = null;

        /**
         * DataMessage profile.
         * @member {SessionProtos.ILokiProfile|null|undefined} profile
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.profile = null;

        /**
         * DataMessage openGroupInvitation.
         * @member {SessionProtos.DataMessage.IOpenGroupInvitation|null|undefined} openGroupInvitation
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.openGroupInvitation = null;

        /**
         * DataMessage syncTarget.
         * @member {string} syncTarget
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.syncTarget = "";

        /**
         * DataMessage blocksCommunityMessageRequests.
         * @member {boolean} blocksCommunityMessageRequests
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.blocksCommunityMessageRequests = false;

        /**
         * DataMessage groupUpdateMessage.
         * @member {SessionProtos.IGroupUpdateMessage|null|undefined} groupUpdateMessage
         * @memberof SessionProtos.DataMessage
         * @instance
         */
        DataMessage.prototype.groupUpdateMessage = null;

        /**
         * Creates a new DataMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.DataMessage
         * @static
         * @param {SessionProtos.IDataMessage=} [properties] Properties to set
         * @returns {SessionProtos.DataMessage} DataMessage instance
         */
        DataMessage.create = function create(properties) {
            return new DataMessage(properties);
        };

        /**
         * Encodes the specified DataMessage message. Does not implicitly {@link SessionProtos.DataMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.DataMessage
         * @static
         * @param {SessionProtos.IDataMessage} message DataMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DataMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (message.body != null && Object.hasOwnProperty.call(message, "body"))
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.body);
            if (message.attachments != null && message.attachments.length)
                for (let i = 0; i < message.attachments.length; ++i)
                    $root.SessionProtos.AttachmentPointer.encode(message.attachments[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
            if (message.flags != null && Object.hasOwnProperty.call(message, "flags"))
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.flags);
            if (message.expireTimer != null && Object.hasOwnProperty.call(message, "expireTimer"))
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.expireTimer);
            if (message.profileKey != null && Object.hasOwnProperty.call(message, "profileKey"))
                writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.profileKey);
            if (message.quote != null && Object.hasOwnProperty.call(message, "quote"))
                $root.SessionProtos.DataMessage.Quote.encode(message.quote, writer.uint32(/* id 8, wireType 2 =*/66).fork(), q + 1).ldelim();
            if (message.preview != null && message.preview.length)
                for (let i = 0; i < message.preview.length; ++i)
                    $root.SessionProtos.DataMessage.Preview.encode(message.preview[i], writer.uint32(/* id 10, wireType 2 =*/82).fork(), q + 1).ldelim();
            if (message.reaction != null && Object.hasOwnProperty.call(message, "reaction"))
                $root.SessionProtos.DataMessage.Reaction.encode(message.reaction, writer.uint32(/* id 11, wireType 2 =*/90).fork(), q + 1).ldelim();
            if (message.profile != null && Object.hasOwnProperty.call(message, "profile"))
                $root.SessionProtos.LokiProfile.encode(message.profile, writer.uint32(/* id 101, wireType 2 =*/810).fork(), q + 1).ldelim();
            if (message.openGroupInvitation != null && Object.hasOwnProperty.call(message, "openGroupInvitation"))
                $root.SessionProtos.DataMessage.OpenGroupInvitation.encode(message.openGroupInvitation, writer.uint32(/* id 102, wireType 2 =*/818).fork(), q + 1).ldelim();
            if (message.syncTarget != null && Object.hasOwnProperty.call(message, "syncTarget"))
                writer.uint32(/* id 105, wireType 2 =*/842).string(message.syncTarget);
            if (message.blocksCommunityMessageRequests != null && Object.hasOwnProperty.call(message, "blocksCommunityMessageRequests"))
                writer.uint32(/* id 106, wireType 0 =*/848).bool(message.blocksCommunityMessageRequests);
            if (message.groupUpdateMessage != null && Object.hasOwnProperty.call(message, "groupUpdateMessage"))
                $root.SessionProtos.GroupUpdateMessage.encode(message.groupUpdateMessage, writer.uint32(/* id 120, wireType 2 =*/962).fork(), q + 1).ldelim();
            return writer;
        };

        /**
         * Decodes a DataMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.DataMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.DataMessage} DataMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DataMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.DataMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.body = reader.string();
                        break;
                    }
                case 2: {
                        if (!(message.attachments && message.attachments.length))
                            message.attachments = [];
                        message.attachments.push($root.SessionProtos.AttachmentPointer.decode(reader, reader.uint32(), undefined, long + 1));
                        break;
                    }
                case 4: {
                        message.flags = reader.uint32();
                        break;
                    }
                case 5: {
                        message.expireTimer = reader.uint32();
                        break;
                    }
                case 6: {
                        message.profileKey = reader.bytes();
                        break;
                    }
                case 8: {
                        message.quote = $root.SessionProtos.DataMessage.Quote.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 10: {
                        if (!(message.preview && message.preview.length))
                            message.preview = [];
                        message.preview.push($root.SessionProtos.DataMessage.Preview.decode(reader, reader.uint32(), undefined, long + 1));
                        break;
                    }
                case 11: {
                        message.reaction = $root.SessionProtos.DataMessage.Reaction.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 101: {
                        message.profile = $root.SessionProtos.LokiProfile.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 102: {
                        message.openGroupInvitation = $root.SessionProtos.DataMessage.OpenGroupInvitation.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 105: {
                        message.syncTarget = reader.string();
                        break;
                    }
                case 106: {
                        message.blocksCommunityMessageRequests = reader.bool();
                        break;
                    }
                case 120: {
                        message.groupUpdateMessage = $root.SessionProtos.GroupUpdateMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for DataMessage
         * @function getTypeUrl
         * @memberof SessionProtos.DataMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        DataMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.DataMessage";
        };

        /**
         * Flags enum.
         * @name SessionProtos.DataMessage.Flags
         * @enum {number}
         * @property {number} EXPIRATION_TIMER_UPDATE=2 EXPIRATION_TIMER_UPDATE value
         */
        DataMessage.Flags = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[2] = "EXPIRATION_TIMER_UPDATE"] = 2;
            return values;
        })();

        DataMessage.Quote = (function() {

            /**
             * Properties of a Quote.
             * @memberof SessionProtos.DataMessage
             * @interface IQuote
             * @property {number|Long} id Quote id
             * @property {string} author Quote author
             * @property {string|null} [text] Quote text
             */

            /**
             * Constructs a new Quote.
             * @memberof SessionProtos.DataMessage
             * @classdesc Represents a Quote.
             * @implements IQuote
             * @constructor
             * @param {SessionProtos.DataMessage.IQuote=} [properties] Properties to set
             */
            function Quote(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            /**
             * Quote id.
             * @member {number|Long} id
             * @memberof SessionProtos.DataMessage.Quote
             * @instance
             */
            Quote.prototype.id = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Quote author.
             * @member {string} author
             * @memberof SessionProtos.DataMessage.Quote
             * @instance
             */
            Quote.prototype.author = "";

            /**
             * Quote text.
             * @member {string} text
             * @memberof SessionProtos.DataMessage.Quote
             * @instance
             */
            Quote.prototype.text = "";

            /**
             * Creates a new Quote instance using the specified properties.
             * @function create
             * @memberof SessionProtos.DataMessage.Quote
             * @static
             * @param {SessionProtos.DataMessage.IQuote=} [properties] Properties to set
             * @returns {SessionProtos.DataMessage.Quote} Quote instance
             */
            Quote.create = function create(properties) {
                return new Quote(properties);
            };

            /**
             * Encodes the specified Quote message. Does not implicitly {@link SessionProtos.DataMessage.Quote.verify|verify} messages.
             * @function encode
             * @memberof SessionProtos.DataMessage.Quote
             * @static
             * @param {SessionProtos.DataMessage.IQuote} message Quote message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Quote.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.id);
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.author);
                if (message.text != null && Object.hasOwnProperty.call(message, "text"))
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.text);
                return writer;
            };

            /**
             * Decodes a Quote message from the specified reader or buffer.
             * @function decode
             * @memberof SessionProtos.DataMessage.Quote
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {SessionProtos.DataMessage.Quote} Quote
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Quote.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.SessionProtos.DataMessage.Quote();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.id = reader.uint64();
                            break;
                        }
                    case 2: {
                            message.author = reader.string();
                            break;
                        }
                    case 3: {
                            message.text = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                if (!Object.hasOwnProperty.call(message, "id"))
                    throw $util.ProtocolError("missing required 'id'", { instance: message });
                if (!Object.hasOwnProperty.call(message, "author"))
                    throw $util.ProtocolError("missing required 'author'", { instance: message });
                return message;
            };

            /**
             * Gets the default type url for Quote
             * @function getTypeUrl
             * @memberof SessionProtos.DataMessage.Quote
             * @static
             * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
             * @returns {string} The default type url
             */
            Quote.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/SessionProtos.DataMessage.Quote";
            };

            return Quote;
        })();

        DataMessage.Preview = (function() {

            /**
             * Properties of a Preview.
             * @memberof SessionProtos.DataMessage
             * @interface IPreview
             * @property {string} url Preview url
             * @property {string|null} [title] Preview title
             * @property {SessionProtos.IAttachmentPointer|null} [image] Preview image
             */

            /**
             * Constructs a new Preview.
             * @memberof SessionProtos.DataMessage
             * @classdesc Represents a Preview.
             * @implements IPreview
             * @constructor
             * @param {SessionProtos.DataMessage.IPreview=} [properties] Properties to set
             */
            function Preview(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            /**
             * Preview url.
             * @member {string} url
             * @memberof SessionProtos.DataMessage.Preview
             * @instance
             */
            Preview.prototype.url = "";

            /**
             * Preview title.
             * @member {string} title
             * @memberof SessionProtos.DataMessage.Preview
             * @instance
             */
            Preview.prototype.title = "";

            /**
             * Preview image.
             * @member {SessionProtos.IAttachmentPointer|null|undefined} image
             * @memberof SessionProtos.DataMessage.Preview
             * @instance
             */
            Preview.prototype.image = null;

            /**
             * Creates a new Preview instance using the specified properties.
             * @function create
             * @memberof SessionProtos.DataMessage.Preview
             * @static
             * @param {SessionProtos.DataMessage.IPreview=} [properties] Properties to set
             * @returns {SessionProtos.DataMessage.Preview} Preview instance
             */
            Preview.create = function create(properties) {
                return new Preview(properties);
            };

            /**
             * Encodes the specified Preview message. Does not implicitly {@link SessionProtos.DataMessage.Preview.verify|verify} messages.
             * @function encode
             * @memberof SessionProtos.DataMessage.Preview
             * @static
             * @param {SessionProtos.DataMessage.IPreview} message Preview message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Preview.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.url);
                if (message.title != null && Object.hasOwnProperty.call(message, "title"))
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.title);
                if (message.image != null && Object.hasOwnProperty.call(message, "image"))
                    $root.SessionProtos.AttachmentPointer.encode(message.image, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                return writer;
            };

            /**
             * Decodes a Preview message from the specified reader or buffer.
             * @function decode
             * @memberof SessionProtos.DataMessage.Preview
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {SessionProtos.DataMessage.Preview} Preview
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Preview.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.SessionProtos.DataMessage.Preview();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.url = reader.string();
                            break;
                        }
                    case 2: {
                            message.title = reader.string();
                            break;
                        }
                    case 3: {
                            message.image = $root.SessionProtos.AttachmentPointer.decode(reader, reader.uint32(), undefined, long + 1);
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                if (!Object.hasOwnProperty.call(message, "url"))
                    throw $util.ProtocolError("missing required 'url'", { instance: message });
                return message;
            };

            /**
             * Gets the default type url for Preview
             * @function getTypeUrl
             * @memberof SessionProtos.DataMessage.Preview
             * @static
             * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
             * @returns {string} The default type url
             */
            Preview.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/SessionProtos.DataMessage.Preview";
            };

            return Preview;
        })();

        DataMessage.Reaction = (function() {

            /**
             * Properties of a Reaction.
             * @memberof SessionProtos.DataMessage
             * @interface IReaction
             * @property {number|Long} id Reaction id
             * @property {string} author Reaction author
             * @property {string|null} [emoji] Reaction emoji
             * @property {SessionProtos.DataMessage.Reaction.Action} action Reaction action
             */

            /**
             * Constructs a new Reaction.
             * @memberof SessionProtos.DataMessage
             * @classdesc Represents a Reaction.
             * @implements IReaction
             * @constructor
             * @param {SessionProtos.DataMessage.IReaction=} [properties] Properties to set
             */
            function Reaction(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            /**
             * Reaction id.
             * @member {number|Long} id
             * @memberof SessionProtos.DataMessage.Reaction
             * @instance
             */
            Reaction.prototype.id = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Reaction author.
             * @member {string} author
             * @memberof SessionProtos.DataMessage.Reaction
             * @instance
             */
            Reaction.prototype.author = "";

            /**
             * Reaction emoji.
             * @member {string} emoji
             * @memberof SessionProtos.DataMessage.Reaction
             * @instance
             */
            Reaction.prototype.emoji = "";

            /**
             * Reaction action.
             * @member {SessionProtos.DataMessage.Reaction.Action} action
             * @memberof SessionProtos.DataMessage.Reaction
             * @instance
             */
            Reaction.prototype.action = 0;

            /**
             * Creates a new Reaction instance using the specified properties.
             * @function create
             * @memberof SessionProtos.DataMessage.Reaction
             * @static
             * @param {SessionProtos.DataMessage.IReaction=} [properties] Properties to set
             * @returns {SessionProtos.DataMessage.Reaction} Reaction instance
             */
            Reaction.create = function create(properties) {
                return new Reaction(properties);
            };

            /**
             * Encodes the specified Reaction message. Does not implicitly {@link SessionProtos.DataMessage.Reaction.verify|verify} messages.
             * @function encode
             * @memberof SessionProtos.DataMessage.Reaction
             * @static
             * @param {SessionProtos.DataMessage.IReaction} message Reaction message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Reaction.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.id);
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.author);
                if (message.emoji != null && Object.hasOwnProperty.call(message, "emoji"))
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.emoji);
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.action);
                return writer;
            };

            /**
             * Decodes a Reaction message from the specified reader or buffer.
             * @function decode
             * @memberof SessionProtos.DataMessage.Reaction
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {SessionProtos.DataMessage.Reaction} Reaction
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Reaction.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.SessionProtos.DataMessage.Reaction();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.id = reader.uint64();
                            break;
                        }
                    case 2: {
                            message.author = reader.string();
                            break;
                        }
                    case 3: {
                            message.emoji = reader.string();
                            break;
                        }
                    case 4: {
                            message.action = reader.int32();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                if (!Object.hasOwnProperty.call(message, "id"))
                    throw $util.ProtocolError("missing required 'id'", { instance: message });
                if (!Object.hasOwnProperty.call(message, "author"))
                    throw $util.ProtocolError("missing required 'author'", { instance: message });
                if (!Object.hasOwnProperty.call(message, "action"))
                    throw $util.ProtocolError("missing required 'action'", { instance: message });
                return message;
            };

            /**
             * Gets the default type url for Reaction
             * @function getTypeUrl
             * @memberof SessionProtos.DataMessage.Reaction
             * @static
             * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
             * @returns {string} The default type url
             */
            Reaction.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/SessionProtos.DataMessage.Reaction";
            };

            /**
             * Action enum.
             * @name SessionProtos.DataMessage.Reaction.Action
             * @enum {number}
             * @property {number} REACT=0 REACT value
             * @property {number} REMOVE=1 REMOVE value
             */
            Reaction.Action = (function() {
                const valuesById = {}, values = Object.create(valuesById);
                values[valuesById[0] = "REACT"] = 0;
                values[valuesById[1] = "REMOVE"] = 1;
                return values;
            })();

            return Reaction;
        })();

        DataMessage.OpenGroupInvitation = (function() {

            /**
             * Properties of an OpenGroupInvitation.
             * @memberof SessionProtos.DataMessage
             * @interface IOpenGroupInvitation
             * @property {string} url OpenGroupInvitation url
             * @property {string} name OpenGroupInvitation name
             */

            /**
             * Constructs a new OpenGroupInvitation.
             * @memberof SessionProtos.DataMessage
             * @classdesc Represents an OpenGroupInvitation.
             * @implements IOpenGroupInvitation
             * @constructor
             * @param {SessionProtos.DataMessage.IOpenGroupInvitation=} [properties] Properties to set
             */
            function OpenGroupInvitation(properties) {
                if (properties)
                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            }

            /**
             * OpenGroupInvitation url.
             * @member {string} url
             * @memberof SessionProtos.DataMessage.OpenGroupInvitation
             * @instance
             */
            OpenGroupInvitation.prototype.url = "";

            /**
             * OpenGroupInvitation name.
             * @member {string} name
             * @memberof SessionProtos.DataMessage.OpenGroupInvitation
             * @instance
             */
            OpenGroupInvitation.prototype.name = "";

            /**
             * Creates a new OpenGroupInvitation instance using the specified properties.
             * @function create
             * @memberof SessionProtos.DataMessage.OpenGroupInvitation
             * @static
             * @param {SessionProtos.DataMessage.IOpenGroupInvitation=} [properties] Properties to set
             * @returns {SessionProtos.DataMessage.OpenGroupInvitation} OpenGroupInvitation instance
             */
            OpenGroupInvitation.create = function create(properties) {
                return new OpenGroupInvitation(properties);
            };

            /**
             * Encodes the specified OpenGroupInvitation message. Does not implicitly {@link SessionProtos.DataMessage.OpenGroupInvitation.verify|verify} messages.
             * @function encode
             * @memberof SessionProtos.DataMessage.OpenGroupInvitation
             * @static
             * @param {SessionProtos.DataMessage.IOpenGroupInvitation} message OpenGroupInvitation message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OpenGroupInvitation.encode = function encode(message, writer, q) {
                if (!writer)
                    writer = $Writer.create();
                if (q === undefined)
                    q = 0;
                if (q > $util.recursionLimit)
                    throw Error("max depth exceeded");
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.url);
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.name);
                return writer;
            };

            /**
             * Decodes an OpenGroupInvitation message from the specified reader or buffer.
             * @function decode
             * @memberof SessionProtos.DataMessage.OpenGroupInvitation
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {SessionProtos.DataMessage.OpenGroupInvitation} OpenGroupInvitation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OpenGroupInvitation.decode = function decode(reader, length, error, long) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (long === undefined)
                    long = 0;
                if (long > $Reader.recursionLimit)
                    throw Error("maximum nesting depth exceeded");
                let end, message;
                if (length === undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = new $root.SessionProtos.DataMessage.OpenGroupInvitation();
                while (reader.pos < end) {
                    let tag = reader.uint32();
                    if (tag === error)
                        break;
                    switch (tag >>> 3) {
                    case 1: {
                            message.url = reader.string();
                            break;
                        }
                    case 3: {
                            message.name = reader.string();
                            break;
                        }
                    default:
                        reader.skipType(tag & 7, long);
                        break;
                    }
                }
                if (length !== undefined) {
                    if (reader.pos !== end)
                        throw RangeError("index out of range");
                    reader.len = length;
                }
                if (!Object.hasOwnProperty.call(message, "url"))
                    throw $util.ProtocolError("missing required 'url'", { instance: message });
                if (!Object.hasOwnProperty.call(message, "name"))
                    throw $util.ProtocolError("missing required 'name'", { instance: message });
                return message;
            };

            /**
             * Gets the default type url for OpenGroupInvitation
             * @function getTypeUrl
             * @memberof SessionProtos.DataMessage.OpenGroupInvitation
             * @static
             * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
             * @returns {string} The default type url
             */
            OpenGroupInvitation.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
                if (typeUrlPrefix === undefined) {
                    typeUrlPrefix = "type.googleapis.com";
                }
                return typeUrlPrefix + "/SessionProtos.DataMessage.OpenGroupInvitation";
            };

            return OpenGroupInvitation;
        })();

        return DataMessage;
    })();

    SessionProtos.ReceiptMessage = (function() {

        /**
         * Properties of a ReceiptMessage.
         * @memberof SessionProtos
         * @interface IReceiptMessage
         * @property {SessionProtos.ReceiptMessage.Type} type ReceiptMessage type
         * @property {Array.<number|Long>|null} [timestamp] ReceiptMessage timestamp
         */

        /**
         * Constructs a new ReceiptMessage.
         * @memberof SessionProtos
         * @classdesc Represents a ReceiptMessage.
         * @implements IReceiptMessage
         * @constructor
         * @param {SessionProtos.IReceiptMessage=} [properties] Properties to set
         */
        function ReceiptMessage(properties) {
            this.timestamp = [];
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * ReceiptMessage type.
         * @member {SessionProtos.ReceiptMessage.Type} type
         * @memberof SessionProtos.ReceiptMessage
         * @instance
         */
        ReceiptMessage.prototype.type = 0;

        /**
         * ReceiptMessage timestamp.
         * @member {Array.<number|Long>} timestamp
         * @memberof SessionProtos.ReceiptMessage
         * @instance
         */
        ReceiptMessage.prototype.timestamp = $util.emptyArray;

        /**
         * Creates a new ReceiptMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.ReceiptMessage
         * @static
         * @param {SessionProtos.IReceiptMessage=} [properties] Properties to set
         * @returns {SessionProtos.ReceiptMessage} ReceiptMessage instance
         */
        ReceiptMessage.create = function create(properties) {
            return new ReceiptMessage(properties);
        };

        /**
         * Encodes the specified ReceiptMessage message. Does not implicitly {@link SessionProtos.ReceiptMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.ReceiptMessage
         * @static
         * @param {SessionProtos.IReceiptMessage} message ReceiptMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ReceiptMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
            if (message.timestamp != null && message.timestamp.length)
                for (let i = 0; i < message.timestamp.length; ++i)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.timestamp[i]);
            return writer;
        };

        /**
         * Decodes a ReceiptMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.ReceiptMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.ReceiptMessage} ReceiptMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ReceiptMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.ReceiptMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.type = reader.int32();
                        break;
                    }
                case 2: {
                        if (!(message.timestamp && message.timestamp.length))
                            message.timestamp = [];
                        if ((tag & 7) === 2) {
                            let end2 = reader.uint32() + reader.pos;
                            if (end2 > reader.len)
                                throw RangeError("index out of range");
                            reader.len = end2;
                            while (reader.pos < end2)
                                message.timestamp.push(reader.uint64());
                            if (reader.pos !== end2)
                                throw RangeError("index out of range");
                            reader.len = end;
                        } else
                            message.timestamp.push(reader.uint64());
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "type"))
                throw $util.ProtocolError("missing required 'type'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for ReceiptMessage
         * @function getTypeUrl
         * @memberof SessionProtos.ReceiptMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        ReceiptMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.ReceiptMessage";
        };

        /**
         * Type enum.
         * @name SessionProtos.ReceiptMessage.Type
         * @enum {number}
         * @property {number} DELIVERY=0 DELIVERY value
         * @property {number} READ=1 READ value
         */
        ReceiptMessage.Type = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[0] = "DELIVERY"] = 0;
            values[valuesById[1] = "READ"] = 1;
            return values;
        })();

        return ReceiptMessage;
    })();

    SessionProtos.AttachmentPointer = (function() {

        /**
         * Properties of an AttachmentPointer.
         * @memberof SessionProtos
         * @interface IAttachmentPointer
         * @property {number|Long} id AttachmentPointer id
         * @property {string|null} [contentType] AttachmentPointer contentType
         * @property {Uint8Array|null} [key] AttachmentPointer key
         * @property {number|null} [size] AttachmentPointer size
         * @property {Uint8Array|null} [digest] AttachmentPointer digest
         * @property {string|null} [fileName] AttachmentPointer fileName
         * @property {number|null} [flags] AttachmentPointer flags
         * @property {number|null} [width] AttachmentPointer width
         * @property {number|null} [height] AttachmentPointer height
         * @property {string|null} [caption] AttachmentPointer caption
         * @property {string|null} [url] AttachmentPointer url
         */

        /**
         * Constructs a new AttachmentPointer.
         * @memberof SessionProtos
         * @classdesc Represents an AttachmentPointer.
         * @implements IAttachmentPointer
         * @constructor
         * @param {SessionProtos.IAttachmentPointer=} [properties] Properties to set
         */
        function AttachmentPointer(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * AttachmentPointer id.
         * @member {number|Long} id
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.id = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * AttachmentPointer contentType.
         * @member {string} contentType
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.contentType = "";

        /**
         * AttachmentPointer key.
         * @member {Uint8Array} key
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.key = $util.newBuffer([]);

        /**
         * AttachmentPointer size.
         * @member {number} size
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.size = 0;

        /**
         * AttachmentPointer digest.
         * @member {Uint8Array} digest
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.digest = $util.newBuffer([]);

        /**
         * AttachmentPointer fileName.
         * @member {string} fileName
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.fileName = "";

        /**
         * AttachmentPointer flags.
         * @member {number} flags
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.flags = 0;

        /**
         * AttachmentPointer width.
         * @member {number} width
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.width = 0;

        /**
         * AttachmentPointer height.
         * @member {number} height
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.height = 0;

        /**
         * AttachmentPointer caption.
         * @member {string} caption
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.caption = "";

        /**
         * AttachmentPointer url.
         * @member {string} url
         * @memberof SessionProtos.AttachmentPointer
         * @instance
         */
        AttachmentPointer.prototype.url = "";

        /**
         * Creates a new AttachmentPointer instance using the specified properties.
         * @function create
         * @memberof SessionProtos.AttachmentPointer
         * @static
         * @param {SessionProtos.IAttachmentPointer=} [properties] Properties to set
         * @returns {SessionProtos.AttachmentPointer} AttachmentPointer instance
         */
        AttachmentPointer.create = function create(properties) {
            return new AttachmentPointer(properties);
        };

        /**
         * Encodes the specified AttachmentPointer message. Does not implicitly {@link SessionProtos.AttachmentPointer.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.AttachmentPointer
         * @static
         * @param {SessionProtos.IAttachmentPointer} message AttachmentPointer message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AttachmentPointer.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 1 =*/9).fixed64(message.id);
            if (message.contentType != null && Object.hasOwnProperty.call(message, "contentType"))
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.contentType);
            if (message.key != null && Object.hasOwnProperty.call(message, "key"))
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.key);
            if (message.size != null && Object.hasOwnProperty.call(message, "size"))
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.size);
            if (message.digest != null && Object.hasOwnProperty.call(message, "digest"))
                writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.digest);
            if (message.fileName != null && Object.hasOwnProperty.call(message, "fileName"))
                writer.uint32(/* id 7, wireType 2 =*/58).string(message.fileName);
            if (message.flags != null && Object.hasOwnProperty.call(message, "flags"))
                writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.flags);
            if (message.width != null && Object.hasOwnProperty.call(message, "width"))
                writer.uint32(/* id 9, wireType 0 =*/72).uint32(message.width);
            if (message.height != null && Object.hasOwnProperty.call(message, "height"))
                writer.uint32(/* id 10, wireType 0 =*/80).uint32(message.height);
            if (message.caption != null && Object.hasOwnProperty.call(message, "caption"))
                writer.uint32(/* id 11, wireType 2 =*/90).string(message.caption);
            if (message.url != null && Object.hasOwnProperty.call(message, "url"))
                writer.uint32(/* id 101, wireType 2 =*/810).string(message.url);
            return writer;
        };

        /**
         * Decodes an AttachmentPointer message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.AttachmentPointer
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.AttachmentPointer} AttachmentPointer
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AttachmentPointer.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.AttachmentPointer();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.id = reader.fixed64();
                        break;
                    }
                case 2: {
                        message.contentType = reader.string();
                        break;
                    }
                case 3: {
                        message.key = reader.bytes();
                        break;
                    }
                case 4: {
                        message.size = reader.uint32();
                        break;
                    }
                case 6: {
                        message.digest = reader.bytes();
                        break;
                    }
                case 7: {
                        message.fileName = reader.string();
                        break;
                    }
                case 8: {
                        message.flags = reader.uint32();
                        break;
                    }
                case 9: {
                        message.width = reader.uint32();
                        break;
                    }
                case 10: {
                        message.height = reader.uint32();
                        break;
                    }
                case 11: {
                        message.caption = reader.string();
                        break;
                    }
                case 101: {
                        message.url = reader.string();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "id"))
                throw $util.ProtocolError("missing required 'id'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for AttachmentPointer
         * @function getTypeUrl
         * @memberof SessionProtos.AttachmentPointer
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        AttachmentPointer.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.AttachmentPointer";
        };

        /**
         * Flags enum.
         * @name SessionProtos.AttachmentPointer.Flags
         * @enum {number}
         * @property {number} VOICE_MESSAGE=1 VOICE_MESSAGE value
         */
        AttachmentPointer.Flags = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[1] = "VOICE_MESSAGE"] = 1;
            return values;
        })();

        return AttachmentPointer;
    })();

    SessionProtos.GroupUpdateMessage = (function() {

        /**
         * Properties of a GroupUpdateMessage.
         * @memberof SessionProtos
         * @interface IGroupUpdateMessage
         * @property {SessionProtos.IGroupUpdateInviteMessage|null} [inviteMessage] GroupUpdateMessage inviteMessage
         * @property {SessionProtos.IGroupUpdateInfoChangeMessage|null} [infoChangeMessage] GroupUpdateMessage infoChangeMessage
         * @property {SessionProtos.IGroupUpdateMemberChangeMessage|null} [memberChangeMessage] GroupUpdateMessage memberChangeMessage
         * @property {SessionProtos.IGroupUpdatePromoteMessage|null} [promoteMessage] GroupUpdateMessage promoteMessage
         * @property {SessionProtos.IGroupUpdateMemberLeftMessage|null} [memberLeftMessage] GroupUpdateMessage memberLeftMessage
         * @property {SessionProtos.IGroupUpdateInviteResponseMessage|null} [inviteResponse] GroupUpdateMessage inviteResponse
         * @property {SessionProtos.IGroupUpdateDeleteMemberContentMessage|null} [deleteMemberContent] GroupUpdateMessage deleteMemberContent
         * @property {SessionProtos.IGroupUpdateMemberLeftNotificationMessage|null} [memberLeftNotificationMessage] GroupUpdateMessage memberLeftNotificationMessage
         */

        /**
         * Constructs a new GroupUpdateMessage.
         * @memberof SessionProtos
         * @classdesc Represents a GroupUpdateMessage.
         * @implements IGroupUpdateMessage
         * @constructor
         * @param {SessionProtos.IGroupUpdateMessage=} [properties] Properties to set
         */
        function GroupUpdateMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * GroupUpdateMessage inviteMessage.
         * @member {SessionProtos.IGroupUpdateInviteMessage|null|undefined} inviteMessage
         * @memberof SessionProtos.GroupUpdateMessage
         * @instance
         */
        GroupUpdateMessage.prototype.inviteMessage = null;

        /**
         * GroupUpdateMessage infoChangeMessage.
         * @member {SessionProtos.IGroupUpdateInfoChangeMessage|null|undefined} infoChangeMessage
         * @memberof SessionProtos.GroupUpdateMessage
         * @instance
         */
        GroupUpdateMessage.prototype.infoChangeMessage = null;

        /**
         * GroupUpdateMessage memberChangeMessage.
         * @member {SessionProtos.IGroupUpdateMemberChangeMessage|null|undefined} memberChangeMessage
         * @memberof SessionProtos.GroupUpdateMessage
         * @instance
         */
        GroupUpdateMessage.prototype.memberChangeMessage = null;

        /**
         * GroupUpdateMessage promoteMessage.
         * @member {SessionProtos.IGroupUpdatePromoteMessage|null|undefined} promoteMessage
         * @memberof SessionProtos.GroupUpdateMessage
         * @instance
         */
        GroupUpdateMessage.prototype.promoteMessage = null;

        /**
         * GroupUpdateMessage memberLeftMessage.
         * @member {SessionProtos.IGroupUpdateMemberLeftMessage|null|undefined} memberLeftMessage
         * @memberof SessionProtos.GroupUpdateMessage
         * @instance
         */
        GroupUpdateMessage.prototype.memberLeftMessage = null;

        /**
         * GroupUpdateMessage inviteResponse.
         * @member {SessionProtos.IGroupUpdateInviteResponseMessage|null|undefined} inviteResponse
         * @memberof SessionProtos.GroupUpdateMessage
         * @instance
         */
        GroupUpdateMessage.prototype.inviteResponse = null;

        /**
         * GroupUpdateMessage deleteMemberContent.
         * @member {SessionProtos.IGroupUpdateDeleteMemberContentMessage|null|undefined} deleteMemberContent
         * @memberof SessionProtos.GroupUpdateMessage
         * @instance
         */
        GroupUpdateMessage.prototype.deleteMemberContent = null;

        /**
         * GroupUpdateMessage memberLeftNotificationMessage.
         * @member {SessionProtos.IGroupUpdateMemberLeftNotificationMessage|null|undefined} memberLeftNotificationMessage
         * @memberof SessionProtos.GroupUpdateMessage
         * @instance
         */
        GroupUpdateMessage.prototype.memberLeftNotificationMessage = null;

        /**
         * Creates a new GroupUpdateMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.GroupUpdateMessage
         * @static
         * @param {SessionProtos.IGroupUpdateMessage=} [properties] Properties to set
         * @returns {SessionProtos.GroupUpdateMessage} GroupUpdateMessage instance
         */
        GroupUpdateMessage.create = function create(properties) {
            return new GroupUpdateMessage(properties);
        };

        /**
         * Encodes the specified GroupUpdateMessage message. Does not implicitly {@link SessionProtos.GroupUpdateMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.GroupUpdateMessage
         * @static
         * @param {SessionProtos.IGroupUpdateMessage} message GroupUpdateMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GroupUpdateMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (message.inviteMessage != null && Object.hasOwnProperty.call(message, "inviteMessage"))
                $root.SessionProtos.GroupUpdateInviteMessage.encode(message.inviteMessage, writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
            if (message.infoChangeMessage != null && Object.hasOwnProperty.call(message, "infoChangeMessage"))
                $root.SessionProtos.GroupUpdateInfoChangeMessage.encode(message.infoChangeMessage, writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
            if (message.memberChangeMessage != null && Object.hasOwnProperty.call(message, "memberChangeMessage"))
                $root.SessionProtos.GroupUpdateMemberChangeMessage.encode(message.memberChangeMessage, writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
            if (message.promoteMessage != null && Object.hasOwnProperty.call(message, "promoteMessage"))
                $root.SessionProtos.GroupUpdatePromoteMessage.encode(message.promoteMessage, writer.uint32(/* id 4, wireType 2 =*/34).fork(), q + 1).ldelim();
            if (message.memberLeftMessage != null && Object.hasOwnProperty.call(message, "memberLeftMessage"))
                $root.SessionProtos.GroupUpdateMemberLeftMessage.encode(message.memberLeftMessage, writer.uint32(/* id 5, wireType 2 =*/42).fork(), q + 1).ldelim();
            if (message.inviteResponse != null && Object.hasOwnProperty.call(message, "inviteResponse"))
                $root.SessionProtos.GroupUpdateInviteResponseMessage.encode(message.inviteResponse, writer.uint32(/* id 6, wireType 2 =*/50).fork(), q + 1).ldelim();
            if (message.deleteMemberContent != null && Object.hasOwnProperty.call(message, "deleteMemberContent"))
                $root.SessionProtos.GroupUpdateDeleteMemberContentMessage.encode(message.deleteMemberContent, writer.uint32(/* id 7, wireType 2 =*/58).fork(), q + 1).ldelim();
            if (message.memberLeftNotificationMessage != null && Object.hasOwnProperty.call(message, "memberLeftNotificationMessage"))
                $root.SessionProtos.GroupUpdateMemberLeftNotificationMessage.encode(message.memberLeftNotificationMessage, writer.uint32(/* id 8, wireType 2 =*/66).fork(), q + 1).ldelim();
            return writer;
        };

        /**
         * Decodes a GroupUpdateMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.GroupUpdateMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.GroupUpdateMessage} GroupUpdateMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GroupUpdateMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.GroupUpdateMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.inviteMessage = $root.SessionProtos.GroupUpdateInviteMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 2: {
                        message.infoChangeMessage = $root.SessionProtos.GroupUpdateInfoChangeMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 3: {
                        message.memberChangeMessage = $root.SessionProtos.GroupUpdateMemberChangeMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 4: {
                        message.promoteMessage = $root.SessionProtos.GroupUpdatePromoteMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 5: {
                        message.memberLeftMessage = $root.SessionProtos.GroupUpdateMemberLeftMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 6: {
                        message.inviteResponse = $root.SessionProtos.GroupUpdateInviteResponseMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 7: {
                        message.deleteMemberContent = $root.SessionProtos.GroupUpdateDeleteMemberContentMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                case 8: {
                        message.memberLeftNotificationMessage = $root.SessionProtos.GroupUpdateMemberLeftNotificationMessage.decode(reader, reader.uint32(), undefined, long + 1);
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for GroupUpdateMessage
         * @function getTypeUrl
         * @memberof SessionProtos.GroupUpdateMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        GroupUpdateMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.GroupUpdateMessage";
        };

        return GroupUpdateMessage;
    })();

    SessionProtos.GroupUpdateInfoChangeMessage = (function() {

        /**
         * Properties of a GroupUpdateInfoChangeMessage.
         * @memberof SessionProtos
         * @interface IGroupUpdateInfoChangeMessage
         * @property {SessionProtos.GroupUpdateInfoChangeMessage.Type} type GroupUpdateInfoChangeMessage type
         * @property {string|null} [updatedName] GroupUpdateInfoChangeMessage updatedName
         * @property {number|null} [updatedExpiration] GroupUpdateInfoChangeMessage updatedExpiration
         * @property {Uint8Array} adminSignature GroupUpdateInfoChangeMessage adminSignature
         */

        /**
         * Constructs a new GroupUpdateInfoChangeMessage.
         * @memberof SessionProtos
         * @classdesc Represents a GroupUpdateInfoChangeMessage.
         * @implements IGroupUpdateInfoChangeMessage
         * @constructor
         * @param {SessionProtos.IGroupUpdateInfoChangeMessage=} [properties] Properties to set
         */
        function GroupUpdateInfoChangeMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * GroupUpdateInfoChangeMessage type.
         * @member {SessionProtos.GroupUpdateInfoChangeMessage.Type} type
         * @memberof SessionProtos.GroupUpdateInfoChangeMessage
         * @instance
         */
        GroupUpdateInfoChangeMessage.prototype.type = 1;

        /**
         * GroupUpdateInfoChangeMessage updatedName.
         * @member {string} updatedName
         * @memberof SessionProtos.GroupUpdateInfoChangeMessage
         * @instance
         */
        GroupUpdateInfoChangeMessage.prototype.updatedName = "";

        /**
         * GroupUpdateInfoChangeMessage updatedExpiration.
         * @member {number} updatedExpiration
         * @memberof SessionProtos.GroupUpdateInfoChangeMessage
         * @instance
         */
        GroupUpdateInfoChangeMessage.prototype.updatedExpiration = 0;

        /**
         * GroupUpdateInfoChangeMessage adminSignature.
         * @member {Uint8Array} adminSignature
         * @memberof SessionProtos.GroupUpdateInfoChangeMessage
         * @instance
         */
        GroupUpdateInfoChangeMessage.prototype.adminSignature = $util.newBuffer([]);

        /**
         * Creates a new GroupUpdateInfoChangeMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.GroupUpdateInfoChangeMessage
         * @static
         * @param {SessionProtos.IGroupUpdateInfoChangeMessage=} [properties] Properties to set
         * @returns {SessionProtos.GroupUpdateInfoChangeMessage} GroupUpdateInfoChangeMessage instance
         */
        GroupUpdateInfoChangeMessage.create = function create(properties) {
            return new GroupUpdateInfoChangeMessage(properties);
        };

        /**
         * Encodes the specified GroupUpdateInfoChangeMessage message. Does not implicitly {@link SessionProtos.GroupUpdateInfoChangeMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.GroupUpdateInfoChangeMessage
         * @static
         * @param {SessionProtos.IGroupUpdateInfoChangeMessage} message GroupUpdateInfoChangeMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GroupUpdateInfoChangeMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
            if (message.updatedName != null && Object.hasOwnProperty.call(message, "updatedName"))
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.updatedName);
            if (message.updatedExpiration != null && Object.hasOwnProperty.call(message, "updatedExpiration"))
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.updatedExpiration);
            writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.adminSignature);
            return writer;
        };

        /**
         * Decodes a GroupUpdateInfoChangeMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.GroupUpdateInfoChangeMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.GroupUpdateInfoChangeMessage} GroupUpdateInfoChangeMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GroupUpdateInfoChangeMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.GroupUpdateInfoChangeMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.type = reader.int32();
                        break;
                    }
                case 2: {
                        message.updatedName = reader.string();
                        break;
                    }
                case 3: {
                        message.updatedExpiration = reader.uint32();
                        break;
                    }
                case 4: {
                        message.adminSignature = reader.bytes();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "type"))
                throw $util.ProtocolError("missing required 'type'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "adminSignature"))
                throw $util.ProtocolError("missing required 'adminSignature'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for GroupUpdateInfoChangeMessage
         * @function getTypeUrl
         * @memberof SessionProtos.GroupUpdateInfoChangeMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        GroupUpdateInfoChangeMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.GroupUpdateInfoChangeMessage";
        };

        /**
         * Type enum.
         * @name SessionProtos.GroupUpdateInfoChangeMessage.Type
         * @enum {number}
         * @property {number} NAME=1 NAME value
         * @property {number} AVATAR=2 AVATAR value
         * @property {number} DISAPPEARING_MESSAGES=3 DISAPPEARING_MESSAGES value
         */
        GroupUpdateInfoChangeMessage.Type = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[1] = "NAME"] = 1;
            values[valuesById[2] = "AVATAR"] = 2;
            values[valuesById[3] = "DISAPPEARING_MESSAGES"] = 3;
            return values;
        })();

        return GroupUpdateInfoChangeMessage;
    })();

    SessionProtos.GroupUpdateMemberChangeMessage = (function() {

        /**
         * Properties of a GroupUpdateMemberChangeMessage.
         * @memberof SessionProtos
         * @interface IGroupUpdateMemberChangeMessage
         * @property {SessionProtos.GroupUpdateMemberChangeMessage.Type} type GroupUpdateMemberChangeMessage type
         * @property {Array.<string>|null} [memberSessionIds] GroupUpdateMemberChangeMessage memberSessionIds
         * @property {boolean|null} [historyShared] GroupUpdateMemberChangeMessage historyShared
         * @property {Uint8Array} adminSignature GroupUpdateMemberChangeMessage adminSignature
         */

        /**
         * Constructs a new GroupUpdateMemberChangeMessage.
         * @memberof SessionProtos
         * @classdesc Represents a GroupUpdateMemberChangeMessage.
         * @implements IGroupUpdateMemberChangeMessage
         * @constructor
         * @param {SessionProtos.IGroupUpdateMemberChangeMessage=} [properties] Properties to set
         */
        function GroupUpdateMemberChangeMessage(properties) {
            this.memberSessionIds = [];
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * GroupUpdateMemberChangeMessage type.
         * @member {SessionProtos.GroupUpdateMemberChangeMessage.Type} type
         * @memberof SessionProtos.GroupUpdateMemberChangeMessage
         * @instance
         */
        GroupUpdateMemberChangeMessage.prototype.type = 1;

        /**
         * GroupUpdateMemberChangeMessage memberSessionIds.
         * @member {Array.<string>} memberSessionIds
         * @memberof SessionProtos.GroupUpdateMemberChangeMessage
         * @instance
         */
        GroupUpdateMemberChangeMessage.prototype.memberSessionIds = $util.emptyArray;

        /**
         * GroupUpdateMemberChangeMessage historyShared.
         * @member {boolean} historyShared
         * @memberof SessionProtos.GroupUpdateMemberChangeMessage
         * @instance
         */
        GroupUpdateMemberChangeMessage.prototype.historyShared = false;

        /**
         * GroupUpdateMemberChangeMessage adminSignature.
         * @member {Uint8Array} adminSignature
         * @memberof SessionProtos.GroupUpdateMemberChangeMessage
         * @instance
         */
        GroupUpdateMemberChangeMessage.prototype.adminSignature = $util.newBuffer([]);

        /**
         * Creates a new GroupUpdateMemberChangeMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.GroupUpdateMemberChangeMessage
         * @static
         * @param {SessionProtos.IGroupUpdateMemberChangeMessage=} [properties] Properties to set
         * @returns {SessionProtos.GroupUpdateMemberChangeMessage} GroupUpdateMemberChangeMessage instance
         */
        GroupUpdateMemberChangeMessage.create = function create(properties) {
            return new GroupUpdateMemberChangeMessage(properties);
        };

        /**
         * Encodes the specified GroupUpdateMemberChangeMessage message. Does not implicitly {@link SessionProtos.GroupUpdateMemberChangeMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.GroupUpdateMemberChangeMessage
         * @static
         * @param {SessionProtos.IGroupUpdateMemberChangeMessage} message GroupUpdateMemberChangeMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GroupUpdateMemberChangeMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).int32(message.type);
            if (message.memberSessionIds != null && message.memberSessionIds.length)
                for (let i = 0; i < message.memberSessionIds.length; ++i)
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.memberSessionIds[i]);
            if (message.historyShared != null && Object.hasOwnProperty.call(message, "historyShared"))
                writer.uint32(/* id 3, wireType 0 =*/24).bool(message.historyShared);
            writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.adminSignature);
            return writer;
        };

        /**
         * Decodes a GroupUpdateMemberChangeMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.GroupUpdateMemberChangeMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.GroupUpdateMemberChangeMessage} GroupUpdateMemberChangeMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GroupUpdateMemberChangeMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.GroupUpdateMemberChangeMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.type = reader.int32();
                        break;
                    }
                case 2: {
                        if (!(message.memberSessionIds && message.memberSessionIds.length))
                            message.memberSessionIds = [];
                        message.memberSessionIds.push(reader.string());
                        break;
                    }
                case 3: {
                        message.historyShared = reader.bool();
                        break;
                    }
                case 4: {
                        message.adminSignature = reader.bytes();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "type"))
                throw $util.ProtocolError("missing required 'type'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "adminSignature"))
                throw $util.ProtocolError("missing required 'adminSignature'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for GroupUpdateMemberChangeMessage
         * @function getTypeUrl
         * @memberof SessionProtos.GroupUpdateMemberChangeMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        GroupUpdateMemberChangeMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.GroupUpdateMemberChangeMessage";
        };

        /**
         * Type enum.
         * @name SessionProtos.GroupUpdateMemberChangeMessage.Type
         * @enum {number}
         * @property {number} ADDED=1 ADDED value
         * @property {number} REMOVED=2 REMOVED value
         * @property {number} PROMOTED=3 PROMOTED value
         */
        GroupUpdateMemberChangeMessage.Type = (function() {
            const valuesById = {}, values = Object.create(valuesById);
            values[valuesById[1] = "ADDED"] = 1;
            values[valuesById[2] = "REMOVED"] = 2;
            values[valuesById[3] = "PROMOTED"] = 3;
            return values;
        })();

        return GroupUpdateMemberChangeMessage;
    })();

    SessionProtos.GroupUpdateMemberLeftMessage = (function() {

        /**
         * Properties of a GroupUpdateMemberLeftMessage.
         * @memberof SessionProtos
         * @interface IGroupUpdateMemberLeftMessage
         */

        /**
         * Constructs a new GroupUpdateMemberLeftMessage.
         * @memberof SessionProtos
         * @classdesc Represents a GroupUpdateMemberLeftMessage.
         * @implements IGroupUpdateMemberLeftMessage
         * @constructor
         * @param {SessionProtos.IGroupUpdateMemberLeftMessage=} [properties] Properties to set
         */
        function GroupUpdateMemberLeftMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * Creates a new GroupUpdateMemberLeftMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.GroupUpdateMemberLeftMessage
         * @static
         * @param {SessionProtos.IGroupUpdateMemberLeftMessage=} [properties] Properties to set
         * @returns {SessionProtos.GroupUpdateMemberLeftMessage} GroupUpdateMemberLeftMessage instance
         */
        GroupUpdateMemberLeftMessage.create = function create(properties) {
            return new GroupUpdateMemberLeftMessage(properties);
        };

        /**
         * Encodes the specified GroupUpdateMemberLeftMessage message. Does not implicitly {@link SessionProtos.GroupUpdateMemberLeftMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.GroupUpdateMemberLeftMessage
         * @static
         * @param {SessionProtos.IGroupUpdateMemberLeftMessage} message GroupUpdateMemberLeftMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GroupUpdateMemberLeftMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            return writer;
        };

        /**
         * Decodes a GroupUpdateMemberLeftMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.GroupUpdateMemberLeftMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.GroupUpdateMemberLeftMessage} GroupUpdateMemberLeftMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GroupUpdateMemberLeftMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.GroupUpdateMemberLeftMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for GroupUpdateMemberLeftMessage
         * @function getTypeUrl
         * @memberof SessionProtos.GroupUpdateMemberLeftMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        GroupUpdateMemberLeftMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.GroupUpdateMemberLeftMessage";
        };

        return GroupUpdateMemberLeftMessage;
    })();

    SessionProtos.GroupUpdateMemberLeftNotificationMessage = (function() {

        /**
         * Properties of a GroupUpdateMemberLeftNotificationMessage.
         * @memberof SessionProtos
         * @interface IGroupUpdateMemberLeftNotificationMessage
         */

        /**
         * Constructs a new GroupUpdateMemberLeftNotificationMessage.
         * @memberof SessionProtos
         * @classdesc Represents a GroupUpdateMemberLeftNotificationMessage.
         * @implements IGroupUpdateMemberLeftNotificationMessage
         * @constructor
         * @param {SessionProtos.IGroupUpdateMemberLeftNotificationMessage=} [properties] Properties to set
         */
        function GroupUpdateMemberLeftNotificationMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * Creates a new GroupUpdateMemberLeftNotificationMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.GroupUpdateMemberLeftNotificationMessage
         * @static
         * @param {SessionProtos.IGroupUpdateMemberLeftNotificationMessage=} [properties] Properties to set
         * @returns {SessionProtos.GroupUpdateMemberLeftNotificationMessage} GroupUpdateMemberLeftNotificationMessage instance
         */
        GroupUpdateMemberLeftNotificationMessage.create = function create(properties) {
            return new GroupUpdateMemberLeftNotificationMessage(properties);
        };

        /**
         * Encodes the specified GroupUpdateMemberLeftNotificationMessage message. Does not implicitly {@link SessionProtos.GroupUpdateMemberLeftNotificationMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.GroupUpdateMemberLeftNotificationMessage
         * @static
         * @param {SessionProtos.IGroupUpdateMemberLeftNotificationMessage} message GroupUpdateMemberLeftNotificationMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GroupUpdateMemberLeftNotificationMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            return writer;
        };

        /**
         * Decodes a GroupUpdateMemberLeftNotificationMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.GroupUpdateMemberLeftNotificationMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.GroupUpdateMemberLeftNotificationMessage} GroupUpdateMemberLeftNotificationMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GroupUpdateMemberLeftNotificationMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.GroupUpdateMemberLeftNotificationMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for GroupUpdateMemberLeftNotificationMessage
         * @function getTypeUrl
         * @memberof SessionProtos.GroupUpdateMemberLeftNotificationMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        GroupUpdateMemberLeftNotificationMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.GroupUpdateMemberLeftNotificationMessage";
        };

        return GroupUpdateMemberLeftNotificationMessage;
    })();

    SessionProtos.GroupUpdateInviteResponseMessage = (function() {

        /**
         * Properties of a GroupUpdateInviteResponseMessage.
         * @memberof SessionProtos
         * @interface IGroupUpdateInviteResponseMessage
         * @property {boolean} isApproved GroupUpdateInviteResponseMessage isApproved
         */

        /**
         * Constructs a new GroupUpdateInviteResponseMessage.
         * @memberof SessionProtos
         * @classdesc Represents a GroupUpdateInviteResponseMessage.
         * @implements IGroupUpdateInviteResponseMessage
         * @constructor
         * @param {SessionProtos.IGroupUpdateInviteResponseMessage=} [properties] Properties to set
         */
        function GroupUpdateInviteResponseMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * GroupUpdateInviteResponseMessage isApproved.
         * @member {boolean} isApproved
         * @memberof SessionProtos.GroupUpdateInviteResponseMessage
         * @instance
         */
        GroupUpdateInviteResponseMessage.prototype.isApproved = false;

        /**
         * Creates a new GroupUpdateInviteResponseMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.GroupUpdateInviteResponseMessage
         * @static
         * @param {SessionProtos.IGroupUpdateInviteResponseMessage=} [properties] Properties to set
         * @returns {SessionProtos.GroupUpdateInviteResponseMessage} GroupUpdateInviteResponseMessage instance
         */
        GroupUpdateInviteResponseMessage.create = function create(properties) {
            return new GroupUpdateInviteResponseMessage(properties);
        };

        /**
         * Encodes the specified GroupUpdateInviteResponseMessage message. Does not implicitly {@link SessionProtos.GroupUpdateInviteResponseMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.GroupUpdateInviteResponseMessage
         * @static
         * @param {SessionProtos.IGroupUpdateInviteResponseMessage} message GroupUpdateInviteResponseMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GroupUpdateInviteResponseMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 0 =*/8).bool(message.isApproved);
            return writer;
        };

        /**
         * Decodes a GroupUpdateInviteResponseMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.GroupUpdateInviteResponseMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.GroupUpdateInviteResponseMessage} GroupUpdateInviteResponseMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GroupUpdateInviteResponseMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.GroupUpdateInviteResponseMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.isApproved = reader.bool();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "isApproved"))
                throw $util.ProtocolError("missing required 'isApproved'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for GroupUpdateInviteResponseMessage
         * @function getTypeUrl
         * @memberof SessionProtos.GroupUpdateInviteResponseMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        GroupUpdateInviteResponseMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.GroupUpdateInviteResponseMessage";
        };

        return GroupUpdateInviteResponseMessage;
    })();

    SessionProtos.GroupUpdateDeleteMemberContentMessage = (function() {

        /**
         * Properties of a GroupUpdateDeleteMemberContentMessage.
         * @memberof SessionProtos
         * @interface IGroupUpdateDeleteMemberContentMessage
         * @property {Array.<string>|null} [memberSessionIds] GroupUpdateDeleteMemberContentMessage memberSessionIds
         * @property {Array.<string>|null} [messageHashes] GroupUpdateDeleteMemberContentMessage messageHashes
         * @property {Uint8Array|null} [adminSignature] GroupUpdateDeleteMemberContentMessage adminSignature
         */

        /**
         * Constructs a new GroupUpdateDeleteMemberContentMessage.
         * @memberof SessionProtos
         * @classdesc Represents a GroupUpdateDeleteMemberContentMessage.
         * @implements IGroupUpdateDeleteMemberContentMessage
         * @constructor
         * @param {SessionProtos.IGroupUpdateDeleteMemberContentMessage=} [properties] Properties to set
         */
        function GroupUpdateDeleteMemberContentMessage(properties) {
            this.memberSessionIds = [];
            this.messageHashes = [];
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * GroupUpdateDeleteMemberContentMessage memberSessionIds.
         * @member {Array.<string>} memberSessionIds
         * @memberof SessionProtos.GroupUpdateDeleteMemberContentMessage
         * @instance
         */
        GroupUpdateDeleteMemberContentMessage.prototype.memberSessionIds = $util.emptyArray;

        /**
         * GroupUpdateDeleteMemberContentMessage messageHashes.
         * @member {Array.<string>} messageHashes
         * @memberof SessionProtos.GroupUpdateDeleteMemberContentMessage
         * @instance
         */
        GroupUpdateDeleteMemberContentMessage.prototype.messageHashes = $util.emptyArray;

        /**
         * GroupUpdateDeleteMemberContentMessage adminSignature.
         * @member {Uint8Array} adminSignature
         * @memberof SessionProtos.GroupUpdateDeleteMemberContentMessage
         * @instance
         */
        GroupUpdateDeleteMemberContentMessage.prototype.adminSignature = $util.newBuffer([]);

        /**
         * Creates a new GroupUpdateDeleteMemberContentMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.GroupUpdateDeleteMemberContentMessage
         * @static
         * @param {SessionProtos.IGroupUpdateDeleteMemberContentMessage=} [properties] Properties to set
         * @returns {SessionProtos.GroupUpdateDeleteMemberContentMessage} GroupUpdateDeleteMemberContentMessage instance
         */
        GroupUpdateDeleteMemberContentMessage.create = function create(properties) {
            return new GroupUpdateDeleteMemberContentMessage(properties);
        };

        /**
         * Encodes the specified GroupUpdateDeleteMemberContentMessage message. Does not implicitly {@link SessionProtos.GroupUpdateDeleteMemberContentMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.GroupUpdateDeleteMemberContentMessage
         * @static
         * @param {SessionProtos.IGroupUpdateDeleteMemberContentMessage} message GroupUpdateDeleteMemberContentMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GroupUpdateDeleteMemberContentMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (message.memberSessionIds != null && message.memberSessionIds.length)
                for (let i = 0; i < message.memberSessionIds.length; ++i)
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.memberSessionIds[i]);
            if (message.messageHashes != null && message.messageHashes.length)
                for (let i = 0; i < message.messageHashes.length; ++i)
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.messageHashes[i]);
            if (message.adminSignature != null && Object.hasOwnProperty.call(message, "adminSignature"))
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.adminSignature);
            return writer;
        };

        /**
         * Decodes a GroupUpdateDeleteMemberContentMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.GroupUpdateDeleteMemberContentMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.GroupUpdateDeleteMemberContentMessage} GroupUpdateDeleteMemberContentMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GroupUpdateDeleteMemberContentMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.GroupUpdateDeleteMemberContentMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        if (!(message.memberSessionIds && message.memberSessionIds.length))
                            message.memberSessionIds = [];
                        message.memberSessionIds.push(reader.string());
                        break;
                    }
                case 2: {
                        if (!(message.messageHashes && message.messageHashes.length))
                            message.messageHashes = [];
                        message.messageHashes.push(reader.string());
                        break;
                    }
                case 3: {
                        message.adminSignature = reader.bytes();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for GroupUpdateDeleteMemberContentMessage
         * @function getTypeUrl
         * @memberof SessionProtos.GroupUpdateDeleteMemberContentMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        GroupUpdateDeleteMemberContentMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.GroupUpdateDeleteMemberContentMessage";
        };

        return GroupUpdateDeleteMemberContentMessage;
    })();

    SessionProtos.GroupUpdateInviteMessage = (function() {

        /**
         * Properties of a GroupUpdateInviteMessage.
         * @memberof SessionProtos
         * @interface IGroupUpdateInviteMessage
         * @property {string} groupSessionId GroupUpdateInviteMessage groupSessionId
         * @property {string} name GroupUpdateInviteMessage name
         * @property {Uint8Array} memberAuthData GroupUpdateInviteMessage memberAuthData
         * @property {Uint8Array} adminSignature GroupUpdateInviteMessage adminSignature
         */

        /**
         * Constructs a new GroupUpdateInviteMessage.
         * @memberof SessionProtos
         * @classdesc Represents a GroupUpdateInviteMessage.
         * @implements IGroupUpdateInviteMessage
         * @constructor
         * @param {SessionProtos.IGroupUpdateInviteMessage=} [properties] Properties to set
         */
        function GroupUpdateInviteMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * GroupUpdateInviteMessage groupSessionId.
         * @member {string} groupSessionId
         * @memberof SessionProtos.GroupUpdateInviteMessage
         * @instance
         */
        GroupUpdateInviteMessage.prototype.groupSessionId = "";

        /**
         * GroupUpdateInviteMessage name.
         * @member {string} name
         * @memberof SessionProtos.GroupUpdateInviteMessage
         * @instance
         */
        GroupUpdateInviteMessage.prototype.name = "";

        /**
         * GroupUpdateInviteMessage memberAuthData.
         * @member {Uint8Array} memberAuthData
         * @memberof SessionProtos.GroupUpdateInviteMessage
         * @instance
         */
        GroupUpdateInviteMessage.prototype.memberAuthData = $util.newBuffer([]);

        /**
         * GroupUpdateInviteMessage adminSignature.
         * @member {Uint8Array} adminSignature
         * @memberof SessionProtos.GroupUpdateInviteMessage
         * @instance
         */
        GroupUpdateInviteMessage.prototype.adminSignature = $util.newBuffer([]);

        /**
         * Creates a new GroupUpdateInviteMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.GroupUpdateInviteMessage
         * @static
         * @param {SessionProtos.IGroupUpdateInviteMessage=} [properties] Properties to set
         * @returns {SessionProtos.GroupUpdateInviteMessage} GroupUpdateInviteMessage instance
         */
        GroupUpdateInviteMessage.create = function create(properties) {
            return new GroupUpdateInviteMessage(properties);
        };

        /**
         * Encodes the specified GroupUpdateInviteMessage message. Does not implicitly {@link SessionProtos.GroupUpdateInviteMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.GroupUpdateInviteMessage
         * @static
         * @param {SessionProtos.IGroupUpdateInviteMessage} message GroupUpdateInviteMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GroupUpdateInviteMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 2 =*/10).string(message.groupSessionId);
            writer.uint32(/* id 2, wireType 2 =*/18).string(message.name);
            writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.memberAuthData);
            writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.adminSignature);
            return writer;
        };

        /**
         * Decodes a GroupUpdateInviteMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.GroupUpdateInviteMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.GroupUpdateInviteMessage} GroupUpdateInviteMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GroupUpdateInviteMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.GroupUpdateInviteMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.groupSessionId = reader.string();
                        break;
                    }
                case 2: {
                        message.name = reader.string();
                        break;
                    }
                case 3: {
                        message.memberAuthData = reader.bytes();
                        break;
                    }
                case 4: {
                        message.adminSignature = reader.bytes();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "groupSessionId"))
                throw $util.ProtocolError("missing required 'groupSessionId'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "name"))
                throw $util.ProtocolError("missing required 'name'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "memberAuthData"))
                throw $util.ProtocolError("missing required 'memberAuthData'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "adminSignature"))
                throw $util.ProtocolError("missing required 'adminSignature'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for GroupUpdateInviteMessage
         * @function getTypeUrl
         * @memberof SessionProtos.GroupUpdateInviteMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        GroupUpdateInviteMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.GroupUpdateInviteMessage";
        };

        return GroupUpdateInviteMessage;
    })();

    SessionProtos.GroupUpdatePromoteMessage = (function() {

        /**
         * Properties of a GroupUpdatePromoteMessage.
         * @memberof SessionProtos
         * @interface IGroupUpdatePromoteMessage
         * @property {Uint8Array} groupIdentitySeed GroupUpdatePromoteMessage groupIdentitySeed
         * @property {string} name GroupUpdatePromoteMessage name
         */

        /**
         * Constructs a new GroupUpdatePromoteMessage.
         * @memberof SessionProtos
         * @classdesc Represents a GroupUpdatePromoteMessage.
         * @implements IGroupUpdatePromoteMessage
         * @constructor
         * @param {SessionProtos.IGroupUpdatePromoteMessage=} [properties] Properties to set
         */
        function GroupUpdatePromoteMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * GroupUpdatePromoteMessage groupIdentitySeed.
         * @member {Uint8Array} groupIdentitySeed
         * @memberof SessionProtos.GroupUpdatePromoteMessage
         * @instance
         */
        GroupUpdatePromoteMessage.prototype.groupIdentitySeed = $util.newBuffer([]);

        /**
         * GroupUpdatePromoteMessage name.
         * @member {string} name
         * @memberof SessionProtos.GroupUpdatePromoteMessage
         * @instance
         */
        GroupUpdatePromoteMessage.prototype.name = "";

        /**
         * Creates a new GroupUpdatePromoteMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.GroupUpdatePromoteMessage
         * @static
         * @param {SessionProtos.IGroupUpdatePromoteMessage=} [properties] Properties to set
         * @returns {SessionProtos.GroupUpdatePromoteMessage} GroupUpdatePromoteMessage instance
         */
        GroupUpdatePromoteMessage.create = function create(properties) {
            return new GroupUpdatePromoteMessage(properties);
        };

        /**
         * Encodes the specified GroupUpdatePromoteMessage message. Does not implicitly {@link SessionProtos.GroupUpdatePromoteMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.GroupUpdatePromoteMessage
         * @static
         * @param {SessionProtos.IGroupUpdatePromoteMessage} message GroupUpdatePromoteMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GroupUpdatePromoteMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.groupIdentitySeed);
            writer.uint32(/* id 2, wireType 2 =*/18).string(message.name);
            return writer;
        };

        /**
         * Decodes a GroupUpdatePromoteMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.GroupUpdatePromoteMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.GroupUpdatePromoteMessage} GroupUpdatePromoteMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GroupUpdatePromoteMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.GroupUpdatePromoteMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.groupIdentitySeed = reader.bytes();
                        break;
                    }
                case 2: {
                        message.name = reader.string();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            if (!Object.hasOwnProperty.call(message, "groupIdentitySeed"))
                throw $util.ProtocolError("missing required 'groupIdentitySeed'", { instance: message });
            if (!Object.hasOwnProperty.call(message, "name"))
                throw $util.ProtocolError("missing required 'name'", { instance: message });
            return message;
        };

        /**
         * Gets the default type url for GroupUpdatePromoteMessage
         * @function getTypeUrl
         * @memberof SessionProtos.GroupUpdatePromoteMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        GroupUpdatePromoteMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.GroupUpdatePromoteMessage";
        };

        return GroupUpdatePromoteMessage;
    })();

    SessionProtos.ProMessage = (function() {

        /**
         * Properties of a ProMessage.
         * @memberof SessionProtos
         * @interface IProMessage
         * @property {Uint8Array|null} [proof] ProMessage proof
         * @property {number|Long|null} [profileBitset] ProMessage profileBitset
         * @property {number|Long|null} [msgBitset] ProMessage msgBitset
         */

        /**
         * Constructs a new ProMessage.
         * @memberof SessionProtos
         * @classdesc Represents a ProMessage.
         * @implements IProMessage
         * @constructor
         * @param {SessionProtos.IProMessage=} [properties] Properties to set
         */
        function ProMessage(properties) {
            if (properties)
                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        }

        /**
         * ProMessage proof.
         * @member {Uint8Array} proof
         * @memberof SessionProtos.ProMessage
         * @instance
         */
        ProMessage.prototype.proof = $util.newBuffer([]);

        /**
         * ProMessage profileBitset.
         * @member {number|Long} profileBitset
         * @memberof SessionProtos.ProMessage
         * @instance
         */
        ProMessage.prototype.profileBitset = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * ProMessage msgBitset.
         * @member {number|Long} msgBitset
         * @memberof SessionProtos.ProMessage
         * @instance
         */
        ProMessage.prototype.msgBitset = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new ProMessage instance using the specified properties.
         * @function create
         * @memberof SessionProtos.ProMessage
         * @static
         * @param {SessionProtos.IProMessage=} [properties] Properties to set
         * @returns {SessionProtos.ProMessage} ProMessage instance
         */
        ProMessage.create = function create(properties) {
            return new ProMessage(properties);
        };

        /**
         * Encodes the specified ProMessage message. Does not implicitly {@link SessionProtos.ProMessage.verify|verify} messages.
         * @function encode
         * @memberof SessionProtos.ProMessage
         * @static
         * @param {SessionProtos.IProMessage} message ProMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ProMessage.encode = function encode(message, writer, q) {
            if (!writer)
                writer = $Writer.create();
            if (q === undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw Error("max depth exceeded");
            if (message.proof != null && Object.hasOwnProperty.call(message, "proof"))
                writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.proof);
            if (message.profileBitset != null && Object.hasOwnProperty.call(message, "profileBitset"))
                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.profileBitset);
            if (message.msgBitset != null && Object.hasOwnProperty.call(message, "msgBitset"))
                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.msgBitset);
            return writer;
        };

        /**
         * Decodes a ProMessage message from the specified reader or buffer.
         * @function decode
         * @memberof SessionProtos.ProMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {SessionProtos.ProMessage} ProMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ProMessage.decode = function decode(reader, length, error, long) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (long === undefined)
                long = 0;
            if (long > $Reader.recursionLimit)
                throw Error("maximum nesting depth exceeded");
            let end, message;
            if (length === undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = new $root.SessionProtos.ProMessage();
            while (reader.pos < end) {
                let tag = reader.uint32();
                if (tag === error)
                    break;
                switch (tag >>> 3) {
                case 1: {
                        message.proof = reader.bytes();
                        break;
                    }
                case 2: {
                        message.profileBitset = reader.uint64();
                        break;
                    }
                case 3: {
                        message.msgBitset = reader.uint64();
                        break;
                    }
                default:
                    reader.skipType(tag & 7, long);
                    break;
                }
            }
            if (length !== undefined) {
                if (reader.pos !== end)
                    throw RangeError("index out of range");
                reader.len = length;
            }
            return message;
        };

        /**
         * Gets the default type url for ProMessage
         * @function getTypeUrl
         * @memberof SessionProtos.ProMessage
         * @static
         * @param {string} [typeUrlPrefix] your custom typeUrlPrefix(default "type.googleapis.com")
         * @returns {string} The default type url
         */
        ProMessage.getTypeUrl = function getTypeUrl(typeUrlPrefix) {
            if (typeUrlPrefix === undefined) {
                typeUrlPrefix = "type.googleapis.com";
            }
            return typeUrlPrefix + "/SessionProtos.ProMessage";
        };

        return ProMessage;
    })();

    return SessionProtos;
})();

export { $root as default };

/**
 * Request binding: builds the gRPC request message, as protobuf wire bytes, from the path
 * variables, query parameters and JSON body of an HTTP request, by the rules of {@code
 * google/api/http.proto}. The entry point is {@link dev.rosetta.gateway.bind.RequestBinder}.
 *
 * <h2>How the message is assembled</h2>
 *
 * Each source becomes a fragment of wire format, and the fragments are concatenated in the order
 * <b>body, query parameters, path variables</b>. Protobuf merges concatenated encodings: the last
 * value of a singular field wins, repeated fields append, messages merge field by field. So
 * <b>a path variable wins over the same field in the body</b>, and a nested field {@code a.b.c}
 * is encoded as {@code a { b { c: value } } }, merging with whatever else sets {@code a}.
 *
 * <h2>Body</h2>
 *
 * <ul>
 *   <li>{@code body: ""} (or none): a body is ignored, as grpc-gateway and Envoy ignore it
 *       (clients send {@code {}} or the whole object on POST and DELETE); with {@code
 *       --strict-body} a non-blank body is an error. Fields not bound by the path come from query
 *       parameters.
 *   <li>{@code body: "*"}: the body is the JSON of the whole request message; query parameters
 *       are not allowed (every field not in the path comes from the body).
 *   <li>{@code body: "field"}: the body is the JSON value of that field (an object for a message,
 *       an array for a repeated field, a scalar...), a top-level field or a nested path ({@code
 *       book.author}, as Envoy accepts); other fields not bound by the path come from query
 *       parameters.
 *   <li>An empty body (no bytes, or only whitespace) where a body is expected is an empty message
 *       (the field left unset), as both peers treat it. JSON errors are the codec's messages,
 *       which name the field as the client spelled it, the line and the column.
 * </ul>
 *
 * <h2>Query parameters</h2>
 *
 * <ul>
 *   <li>The query is {@code application/x-www-form-urlencoded}: pairs split on {@code &}, the
 *       first {@code =} splits name and value, {@code +} is a space, {@code %XX} escapes are UTF-8.
 *       A malformed escape or invalid UTF-8 is an error. A name without {@code =} has an empty value.
 *   <li>A name is a dotted field path; each segment is a field's proto name or JSON name ({@code
 *       page_size} or {@code pageSize}; {@code author.display_name} or {@code author.displayName}).
 *       Every segment but the last is a singular message field.
 *   <li>The last segment is a scalar, enum or bytes field, a repeated one (each occurrence appends an
 *       element, {@code ?tag=a&tag=b}), a map of scalars ({@code labels[key]=value}, the key
 *       converted by the map's key type), or a well-known type with a text form: Timestamp,
 *       Duration, FieldMask and the wrappers.
 *   <li>Errors: a name that names no field (unless the gateway ignores unknown parameters; then it
 *       is skipped); a message field that is not such a well-known type (set its fields instead);
 *       a field the path binds, any field when the body is {@code "*"}, a field under the body
 *       field; a singular field or a map key given twice; two members of one oneof; a bad value.
 * </ul>
 *
 * <h2>Text values (path variables and query parameters)</h2>
 *
 * <ul>
 *   <li>string: as is. bytes: base64, standard or URL-safe, padded or not.
 *   <li>bool: {@code true}/{@code false} (any case) or {@code 1}/{@code 0}.
 *   <li>integers: decimal only ({@code 1.5} and {@code 1e3} are rejected), range checked;
 *       unsigned types take {@code 0 … 2^32-1} or {@code 0 … 2^64-1}.
 *   <li>float, double: decimal with optional exponent, {@code NaN}, {@code Infinity}, {@code
 *       -Infinity}; a finite value too large for the type is rejected.
 *   <li>enum: the value name, exactly (in any case with {@code --case-insensitive-enums}), or its
 *       number (any int32 for open proto3 enums, declared numbers only for closed proto2 enums).
 *   <li>google.protobuf.Timestamp: RFC 3339 ({@code 2024-05-01T12:30:00Z}), a real calendar date
 *       (stricter than the JSON body, whose parser rolls {@code 02-30} over to March); Duration: {@code
 *       1.5s}; FieldMask: the JSON form {@code displayName,author.name} (paths become snake_case);
 *       wrappers (Int32Value, StringValue, ...): the wrapped value by the rules above, and the
 *       wrapper is present even when the value is the default.
 * </ul>
 *
 * Every error becomes INVALID_ARGUMENT (HTTP 400) with a message naming the parameter or field
 * and the bad value.
 */
package dev.rosetta.gateway.bind;

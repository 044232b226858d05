/**
 * HTTP routes from {@code google.api.http} rules: path template parsing ({@link
 * dev.rosetta.gateway.route.PathTemplate}, by the grammar of google/api/http.proto) and the route
 * table that matches requests ({@link dev.rosetta.gateway.route.RouteTable}). No transport classes.
 *
 * <h2>Precedence</h2>
 *
 * <ul>
 *   <li>The raw path is split on '/' before any decoding, so {@code %2F} never splits a segment.
 *   <li>Segments are matched left to right. At each segment a literal beats {@code *}, which beats
 *       an inner {@code **} (one followed by literals), which beats a last {@code **}; on a dead
 *       end the matcher backtracks to the next choice. So at the first
 *       segment where two templates differ, the more specific one wins: {@code /v1/shelves/search}
 *       beats {@code /v1/shelves/{id}}, and {@code /v1/{name=shelves/*}} beats {@code
 *       /v1/{path=**}}. A path ending at a node prefers a template ending there to {@code **}
 *       matching zero segments.
 *   <li>Verbs: when the last segment contains ':', the text after the last ':' is first tried as
 *       a verb (the part before it being the last segment) against routes with that verb; then the
 *       whole segment is matched against verb-less routes. So {@code /v1/things/a:b} reaches
 *       {@code /v1/things/{id}} with {@code id = "a:b"} when no route has the verb {@code b}.
 *   <li>{@code *} and {@code **} match non-empty segments only. A last {@code **} matches zero or
 *       more of them; an inner one ({@code /a/{x=**}/c}, {@code /v1/**}{@code /items:verb}, which
 *       Envoy accepts) one or more, as few as let the literals after it match, as
 *       grpc-httpjson-transcoding's path matcher does. A path with an empty segment ({@code //}
 *       or a trailing '/') matches nothing, except {@code /} itself, which matches the root
 *       template {@code /}.
 *   <li>When no route of the request's method matches but routes of other methods do, the answer
 *       is 405 with those methods; when nothing matches, 404. HTTP methods compare case-sensitively.
 *   <li>Of two rules of the same method and the same path shape (variables replaced by their
 *       patterns, verb included) the later one is served: descriptor file order, then method
 *       order, then binding order, as Envoy's path matcher and grpc-gateway v2's mux keep the last
 *       registration. Each such pair is a {@link dev.rosetta.gateway.route.RouteConflict} (a
 *       start-up warning; an error with {@link dev.rosetta.gateway.route.RouteOptions#strict}), so
 *       a match is never ambiguous. Auto routes are registered first: a rule always wins over them.
 * </ul>
 *
 * <h2>Decoding</h2>
 *
 * <ul>
 *   <li>A malformed percent-escape anywhere in the path ({@code %zz}, a trailing {@code %4})
 *       makes the path invalid (400), whether or not a route would match.
 *   <li>Literal segments and verbs compare against the percent-decoded path segment; template
 *       literals are decoded too.
 *   <li>A single-segment variable ({@code {x}}, {@code {x=*}}, {@code {x=lit}}) is fully decoded
 *       as UTF-8: {@code %2F} becomes '/'. A multi-segment variable (more than one segment, or
 *       {@code **}) is decoded except {@code %2F} and {@code %2f}, which stay as sent
 *       (http.proto). Malformed UTF-8 decodes to U+FFFD.
 *   <li>A variable's captured value includes the literal segments of its pattern: {@code
 *       {name=shelves/*}} on {@code /v1/shelves/s1} captures {@code shelves/s1}.
 * </ul>
 */
package dev.rosetta.gateway.route;

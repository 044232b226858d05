package dev.rosetta.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Tells whether a request was sent by a browser page of another origin that the CORS policy does
 * not list: the requests cross-site request forgery (CSRF) is made of. A page may make the
 * browser send a "simple" request (a form's POST with {@code text/plain} or
 * {@code application/x-www-form-urlencoded}, a {@code fetch} with no body type) to any origin,
 * cookies included, without asking the CORS policy first; only the answer is kept from the page.
 * {@link BodyTypes} refuses such bodies from such requests, so that reading them as JSON (as
 * grpc-gateway and Envoy do, for curl) opens no door to cookie-authenticated APIs.
 *
 * <p>The decision follows Go's {@code net/http.CrossOriginProtection} (Go 1.25), which reads the
 * headers browsers set themselves and pages cannot forge:
 *
 * <ol>
 *   <li>An {@code Origin} the CORS policy lists by name is trusted: the operator allowed it. Not
 *       {@code *} (which lets any page read answers, but never lets a page send cookie-bearing
 *       JSON: the gateway sends no {@code Access-Control-Allow-Credentials}, so the browser stops
 *       such a call at its preflight), and not {@code null} (the opaque origin of every sandboxed
 *       iframe, {@code data:} or {@code file:} document and cross-origin redirect: trusting it
 *       would trust any attacker's sandboxed page).
 *   <li>{@code Sec-Fetch-Site} (every current browser sends it): {@code same-origin} and
 *       {@code none} (the user's own navigation) pass; {@code cross-site} and {@code same-site}
 *       (a sibling subdomain, which same-site cookies reach too) are cross-origin, with or
 *       without an {@code Origin}.
 *   <li>Without it (an older browser, or no browser): no {@code Origin} means no browser page
 *       sent the request (curl, SDKs, servers), and passes; an {@code Origin} whose host and port
 *       are the request's {@code Host} is the same origin; any other, {@code null} included, is
 *       cross-origin.
 * </ol>
 *
 * Stateless; runs on the event loop.
 */
final class CrossOrigin {
  static final String SEC_FETCH_SITE = "sec-fetch-site";

  private CrossOrigin() {}

  /**
   * What makes the request cross-origin, for the error message ({@code Origin: https://a.example},
   * {@code Sec-Fetch-Site: cross-site}); null when it is not.
   */
  static String why(HttpHeaders headers, CorsPolicy cors) {
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    if (origin != null && !origin.equals("null") && cors.origins().contains(origin)) {
      return null;
    }
    String site = headers.get(SEC_FETCH_SITE);
    if (site != null) {
      return site.equalsIgnoreCase("same-origin") || site.equalsIgnoreCase("none") ? null : "Sec-Fetch-Site: " + site;
    }
    if (origin == null || sameHost(origin, headers.get(HttpHeaderNames.HOST))) {
      return null;
    }
    return "Origin: " + origin;
  }

  /**
   * Whether the serialized origin {@code scheme://host[:port]} names {@code host}, the request's
   * {@code Host} (which has no scheme: an old browser's http page posting to the https gateway of
   * the same host passes, as in Go; HSTS is the remedy).
   */
  private static boolean sameHost(String origin, String host) {
    int scheme = origin.indexOf("://");
    return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
  }
}

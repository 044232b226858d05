package dev.rosetta.gateway.policy;

import com.google.protobuf.ByteString;
import dev.rosetta.gateway.backend.Backend;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External authorization: a {@code envoy.service.auth.v3.Authorization/Check} call per request,
 * as Envoy's ext_authz filter makes it, carrying the method, path, query, headers, the client's
 * address, the route (as context extensions {@code route}, {@code method}, {@code service}) and,
 * when configured, the first bytes of the body.
 *
 * <p>OK: the headers it returns go on the backend call, {@code headers_to_remove} come off, its
 * {@code response_headers_to_add} go on the response. Denied: its HTTP status (403 when it names
 * none), its headers, and its body as it sent it (with the content type it set, else plain
 * text); with no body, the JSON google.rpc.Status of every other refusal. The call failing or
 * timing out: refused with {@code status-on-error}, or let through with {@code
 * failure-mode-allow} (annotated {@code authz=failure_mode_allowed}). Thread safe.
 */
final class AuthzStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(AuthzStage.class);

  private final AuthzSpec spec;
  private final Backend service;

  AuthzStage(AuthzSpec spec, Backend service) {
    this.spec = spec;
    this.service = service;
  }

  @Override
  public CompletableFuture<Decision.Deny> check(PolicyContext context) {
    CheckRequest request = checkRequest(context.request);
    return PolicyCalls.onLoop(
        PolicyCalls.call(service, context.loop, AuthorizationGrpc.getCheckMethod(), request, spec.timeout()),
        context.loop, (response, error) -> error == null ? answer(context, response) : failed(context, error));
  }

  CheckRequest checkRequest(PolicyRequest request) {
    AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
        .setMethod(request.method())
        .setPath(request.query().isEmpty() ? request.path() : request.path() + "?" + request.query())
        .setQuery(request.query());
    // Envoy's map: lower-case names, repeated fields joined with commas (RFC 9110 section 5.3).
    Map<String, String> headers = new TreeMap<>();
    request.forEachHeader((name, value) -> headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b));
    String host = headers.get("host");
    if (host != null) {
      http.setHost(host);
    }
    byte[] body = request.body();
    if (spec.maxBodyBytes() > 0 && body != null) {
      int length = Math.min(body.length, spec.maxBodyBytes());
      boolean partial = request.bodyTruncated() || body.length > length;
      headers.put("x-envoy-auth-partial-body", Boolean.toString(partial));
      if (spec.packAsBytes()) {
        http.setRawBody(ByteString.copyFrom(body, 0, length));
      } else {
        http.setBody(new String(body, 0, length, StandardCharsets.UTF_8));
      }
      http.setSize(length);
    }
    http.putAllHeaders(headers);
    AttributeContext.Builder attributes = AttributeContext.newBuilder()
        .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
        .putContextExtensions("route", request.route().toString())
        .putContextExtensions("method", request.route().fullMethod())
        .putContextExtensions("service", request.route().service());
    InetSocketAddress peer = request.peer();
    if (peer != null && peer.getAddress() != null) {
      attributes.setSource(AttributeContext.Peer.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
          SocketAddress.newBuilder().setAddress(peer.getAddress().getHostAddress()).setPortValue(peer.getPort()))));
    }
    return CheckRequest.newBuilder().setAttributes(attributes).build();
  }

  private Decision.Deny answer(PolicyContext context, CheckResponse response) {
    if (response.getStatus().getCode() == Status.Code.OK.value()) {
      OkHttpResponse ok = response.getOkResponse();
      for (String name : ok.getHeadersToRemoveList()) {
        context.removeMetadata(name.toLowerCase(Locale.ROOT));
      }
      for (HeaderValueOption header : ok.getHeadersList()) {
        context.addMetadata(header(header));
      }
      for (HeaderValueOption header : ok.getResponseHeadersToAddList()) {
        context.addResponseHeader(header(header));
      }
      context.annotate("authz", "ok");
      return null;
    }
    DeniedHttpResponse denied = response.getDeniedResponse();
    int status = denied.getStatus().getCodeValue() >= 400 && denied.getStatus().getCodeValue() <= 599
        ? denied.getStatus().getCodeValue() : 403;
    List<Header> headers = new ArrayList<>();
    String contentType = null;
    for (HeaderValueOption option : denied.getHeadersList()) {
      Header header = header(option);
      if (header.name().equals("content-type")) {
        contentType = header.value();
      } else {
        headers.add(header);
      }
    }
    context.annotate("authz", "denied");
    var error = PolicyReasons.withHttpStatus(status, PolicyReasons.AUTHZ_DENIED,
        "the authorization service denied the request");
    if (denied.getBody().isEmpty()) {
      return context.deny("ext_authz", error, headers);
    }
    return context.deny("ext_authz", error, headers, denied.getBody().getBytes(StandardCharsets.UTF_8),
        contentType == null ? "text/plain; charset=utf-8" : contentType);
  }

  private Decision.Deny failed(PolicyContext context, Throwable error) {
    Status status = Status.fromThrowable(error);
    // Every request on the route fails alike while the service is down: DEBUG, not one WARN per request.
    LOG.debug("authorization call on {} failed: {}", context.request.route(), status);
    if (spec.failureModeAllow()) {
      context.annotate("authz", "failure_mode_allowed");
      return null;
    }
    context.annotate("authz", "failed");
    return context.deny("ext_authz", PolicyReasons.withHttpStatus(spec.statusOnError(), PolicyReasons.AUTHZ_FAILED,
        "the request could not be authorized: the authorization service "
            + (status.getCode() == Status.Code.DEADLINE_EXCEEDED ? "did not answer in time" : "is unavailable")),
        List.of());
  }

  /**
   * ext_authz's headers replace what is there unless {@code append} says otherwise; Envoy
   * documents that default for this message, whatever {@code append_action}'s zero value says
   * (a proto3 enum cannot tell zero from unset). {@code append} is deprecated in favour of
   * {@code append_action}, but it is what authorization services send today.
   */
  @SuppressWarnings("deprecation")
  private static Header header(HeaderValueOption option) {
    var value = option.getHeader();
    return new Header(value.getKey(), value.getValue().isEmpty() ? value.getRawValue().toStringUtf8() : value.getValue(),
        option.hasAppend() && option.getAppend().getValue());
  }
}

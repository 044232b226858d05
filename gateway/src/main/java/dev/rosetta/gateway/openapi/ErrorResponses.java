package dev.rosetta.gateway.openapi;

import static dev.rosetta.gateway.openapi.Tree.obj;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error answers every operation can get, each a JSON {@code google.rpc.Status}: one entry per
 * HTTP status of the gateway's gRPC → HTTP table ({@code status/HttpStatusMapping}) that a client
 * can act on, shared in {@code components/responses}, and {@code default} for the rest. Any
 * backend method may return any gRPC code, so every operation lists them all.
 */
final class ErrorResponses {
  /** HTTP status → component name and description (the gRPC codes behind it). */
  private static final String[][] STATUSES = {
    {"400", "BadRequest", "INVALID_ARGUMENT, FAILED_PRECONDITION or OUT_OF_RANGE; also a request the gateway "
        + "cannot bind (malformed JSON, an unknown field or query parameter)"},
    {"401", "Unauthenticated", "UNAUTHENTICATED"},
    {"403", "PermissionDenied", "PERMISSION_DENIED"},
    {"404", "NotFound", "NOT_FOUND"},
    {"409", "Conflict", "ALREADY_EXISTS or ABORTED"},
    {"429", "ResourceExhausted", "RESOURCE_EXHAUSTED"},
    {"500", "Internal", "INTERNAL, UNKNOWN or DATA_LOSS"},
    {"501", "Unimplemented", "UNIMPLEMENTED, or no backend serves the method"},
    {"503", "Unavailable", "UNAVAILABLE: the backend cannot be reached"},
    {"504", "DeadlineExceeded", "DEADLINE_EXCEEDED"},
  };

  private ErrorResponses() {}

  /** The {@code components/responses} entries, given the reference to the Status schema. */
  static Map<String, Object> components(Map<String, Object> statusSchema) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String[] s : STATUSES) {
      out.put(s[1], response("A google.rpc.Status: " + s[2] + ".", statusSchema));
    }
    out.put("Error", response("A google.rpc.Status with another error code.", statusSchema));
    return out;
  }

  /** Adds the error entries to an operation's {@code responses}. */
  static void addTo(Map<String, Object> responses) {
    for (String[] s : STATUSES) {
      responses.put(s[0], obj("$ref", "#/components/responses/" + s[1]));
    }
    responses.put("default", obj("$ref", "#/components/responses/Error"));
  }

  private static Map<String, Object> response(String description, Map<String, Object> statusSchema) {
    return obj("description", description, "content", obj("application/json", obj("schema", statusSchema)));
  }
}

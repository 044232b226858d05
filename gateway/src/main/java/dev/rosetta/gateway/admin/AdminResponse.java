package dev.rosetta.gateway.admin;

import java.nio.charset.StandardCharsets;

/** An admin endpoint's answer: status, content type and body. */
record AdminResponse(int status, String contentType, byte[] body) {
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";

  static AdminResponse json(int status, String json) {
    return new AdminResponse(status, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  static AdminResponse text(int status, String text) {
    return new AdminResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
  }
}

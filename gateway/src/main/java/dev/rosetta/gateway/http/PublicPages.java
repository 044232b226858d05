package dev.rosetta.gateway.http;

/**
 * Documents the public listener serves itself on GET, looked up before the route table (the
 * OpenAPI description, later the docs UI). Must answer from memory: called on the event loop.
 */
@FunctionalInterface
public interface PublicPages {
  PublicPages NONE = path -> null;

  /** The page at {@code path} (raw, no query), or null to go on to the routes. */
  Page find(String path);

  /** A page's content type and bytes; the array is shared and never changed. */
  record Page(String contentType, byte[] body) {}
}

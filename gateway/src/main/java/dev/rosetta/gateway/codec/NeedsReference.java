package dev.rosetta.gateway.codec;

/**
 * Thrown inside the streaming codec when one call meets input whose JsonFormat semantics cannot be
 * streamed exactly; the call is then redone by the reference codec. Rare by design: non-canonical
 * wire (a singular message or a oneof written more than once, which DynamicMessage merges or
 * replaces), JSON outside RFC 8259 (which Gson's lenient reader may still accept), or an Any
 * payload of an unsupported type. Carries no stack trace: it is control flow, not an error.
 */
final class NeedsReference extends RuntimeException {
  private static final long serialVersionUID = 1L;
  static final NeedsReference INSTANCE = new NeedsReference();

  private NeedsReference() {
    super("needs the reference codec", null, false, false);
  }
}

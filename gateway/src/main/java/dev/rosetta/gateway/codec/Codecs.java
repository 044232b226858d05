package dev.rosetta.gateway.codec;

import dev.rosetta.gateway.descriptor.DescriptorRegistry;

/** Builds the codec the command line names. */
public final class Codecs {
  /** The streaming codec ({@link FastJsonCodec}), the default. */
  public static final String FAST = "fast";
  /** JsonFormat over DynamicMessage ({@link JsonFormatCodec}). */
  public static final String REFERENCE = "reference";

  private Codecs() {}

  /**
   * @param name {@value #FAST} or {@value #REFERENCE}
   * @throws IllegalArgumentException for any other name (a start-up error naming the choices)
   */
  public static JsonCodec create(String name, DescriptorRegistry registry, CodecOptions options) {
    return create(name, registry, options, Integer.MAX_VALUE);
  }

  /**
   * As {@link #create(String, DescriptorRegistry, CodecOptions)}, with the largest request message a
   * parse may write ({@code --max-message-size}): the fast codec stops there instead of growing its
   * buffer (the reference codec builds the message whole, and is checked when the call is made).
   */
  public static JsonCodec create(String name, DescriptorRegistry registry, CodecOptions options, int maxMessageBytes) {
    switch (name) {
      case FAST:
        return new FastJsonCodec(registry, options, maxMessageBytes);
      case REFERENCE:
        return new JsonFormatCodec(registry, options);
      default:
        throw new IllegalArgumentException("unknown codec '" + name + "': expected " + FAST + " or " + REFERENCE);
    }
  }
}

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
    switch (name) {
      case FAST:
        return new FastJsonCodec(registry, options);
      case REFERENCE:
        return new JsonFormatCodec(registry, options);
      default:
        throw new IllegalArgumentException("unknown codec '" + name + "': expected " + FAST + " or " + REFERENCE);
    }
  }
}

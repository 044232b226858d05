package dev.rosetta.gateway.route;

/** Placeholder until the template parser lands. */
public final class PathTemplate {
  private final String text;

  private PathTemplate(String text) {
    this.text = text;
  }

  public static PathTemplate parse(String text) {
    return new PathTemplate(text);
  }

  @Override
  public String toString() {
    return text;
  }
}

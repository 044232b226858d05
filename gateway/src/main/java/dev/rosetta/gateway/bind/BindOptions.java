package dev.rosetta.gateway.bind;

/**
 * How requests are bound. Immutable.
 *
 * @param ignoreUnknownQueryParameters skip query parameters that name no field rather than reject them
 * @param strictBody reject a non-blank body on a rule without {@code body} rather than ignore it
 * @param caseInsensitiveEnums match enum value names in path variables and query parameters
 *     ignoring case (the JSON body follows the codec's own option)
 */
public record BindOptions(boolean ignoreUnknownQueryParameters, boolean strictBody, boolean caseInsensitiveEnums) {
  public static final BindOptions DEFAULTS = new BindOptions(false, false, false);
}

package dev.rosetta.gateway.route;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.List;

/**
 * A value captured by a path variable, for the field it binds.
 *
 * @param fieldPath the fields from the request message down to the leaf, e.g. {@code [book, name]}
 * @param value the captured text, percent-decoded by the rule of http.proto: fully for a
 *     single-segment variable, all but {@code %2F} for a multi-segment one
 */
public record PathBinding(List<FieldDescriptor> fieldPath, String value) {
  public PathBinding {
    fieldPath = List.copyOf(fieldPath);
  }
}

package dev.rosetta.examples.library;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.FieldMaskUtil;
import dev.rosetta.examples.library.v1.Book;
import java.util.List;

/**
 * UpdateBook's field mask semantics (AIP-134): a path in {@code update_mask} replaces that
 * field, even with its default value (which is how a client clears a field); {@code *} replaces
 * every field; with no mask, every field the patch sets (non-default) is replaced. Repeated and
 * map fields are replaced, not appended to, because that is what a REST PATCH means.
 */
final class BookUpdates {
  private static final FieldMaskUtil.MergeOptions REPLACE = new FieldMaskUtil.MergeOptions()
      .setReplaceMessageFields(true)
      .setReplaceRepeatedFields(true)
      .setReplacePrimitiveFields(true);

  private BookUpdates() {}

  /** The updated book; INVALID_ARGUMENT naming the field for an unknown or immutable path. */
  static Book apply(Book existing, Book patch, FieldMask updateMask) {
    FieldMask mask = effectiveMask(patch, updateMask);
    Book.Builder updated = existing.toBuilder();
    FieldMaskUtil.merge(mask, patch, updated, REPLACE);
    return updated.setName(existing.getName()).build();
  }

  private static FieldMask effectiveMask(Book patch, FieldMask updateMask) {
    List<String> paths = updateMask.getPathsList();
    if (paths.isEmpty()) {
      FieldMask.Builder set = FieldMask.newBuilder();
      for (FieldDescriptor field : patch.getAllFields().keySet()) {
        if (field.getNumber() != Book.NAME_FIELD_NUMBER) {
          set.addPaths(field.getName());
        }
      }
      return set.build();
    }
    if (paths.equals(List.of("*"))) {
      FieldMask.Builder all = FieldMask.newBuilder();
      for (FieldDescriptor field : Book.getDescriptor().getFields()) {
        if (field.getNumber() != Book.NAME_FIELD_NUMBER) {
          all.addPaths(field.getName());
        }
      }
      return all.build();
    }
    Errors.Violations violations = new Errors.Violations();
    for (String path : paths) {
      if (path.equals("name")) {
        violations.add("update_mask", "\"name\" cannot be changed; use MoveBook to move a book");
      } else if (!FieldMaskUtil.isValid(Book.class, path)) {
        violations.add("update_mask", "\"" + path + "\" is not a field path of Book");
      }
    }
    violations.throwIfAny();
    return updateMask;
  }
}

package dev.rosetta.gateway.openapi;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.rosetta.gateway.openapi.OpenApiOptions.SchemaNames;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code components/schemas} name of every message a document refers to. Short names are the
 * name inside the package ({@code Book}, {@code ABitOfEverything.Nested}); messages whose short
 * names clash fall back to their full names ({@code a.v1.Book}, {@code b.v1.Book}). Names clash
 * when they are equal once generators have made identifiers of them (letters and digits, any
 * case: {@code A.Nested} and {@code ANested} both become {@code ANested}). Built once per document.
 */
final class ComponentNames {
  private final Map<String, String> byFullName = new HashMap<>();
  private final Set<String> taken = new HashSet<>();

  /** Names every message reachable from {@code roots} through fields. */
  ComponentNames(Collection<Descriptor> roots, SchemaNames style) {
    Set<Descriptor> all = reachable(roots);
    Map<String, Integer> shortCount = new HashMap<>();
    for (Descriptor d : all) {
      shortCount.merge(key(shortName(d)), 1, Integer::sum);
    }
    for (Descriptor d : all) {
      String name = style == SchemaNames.FULL || shortCount.get(key(shortName(d))) > 1 ? d.getFullName() : shortName(d);
      byFullName.put(d.getFullName(), name);
      taken.add(key(name));
    }
  }

  /** The component name of {@code message}; messages not seen at construction get their full name. */
  String of(Descriptor message) {
    return byFullName.computeIfAbsent(message.getFullName(), n -> {
      taken.add(key(n));
      return n;
    });
  }

  /** A name for a schema the document makes up (a body without its path fields), unique in the document. */
  String fresh(String wanted) {
    String name = wanted;
    for (int n = 2; !taken.add(key(name)); n++) {
      name = wanted + n;
    }
    return name;
  }

  private static String shortName(Descriptor d) {
    String pkg = d.getFile().getPackage();
    return pkg.isEmpty() ? d.getFullName() : d.getFullName().substring(pkg.length() + 1);
  }

  private static String key(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
  }

  private static Set<Descriptor> reachable(Collection<Descriptor> roots) {
    Set<Descriptor> seen = new LinkedHashSet<>();
    Deque<Descriptor> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      Descriptor d = todo.pop();
      if (WellKnownSchemas.of(d.getFullName()) != null || !seen.add(d)) {
        continue;
      }
      for (FieldDescriptor f : d.getFields()) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          if (f.isMapField()) {
            FieldDescriptor value = f.getMessageType().findFieldByName("value");
            if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
              todo.push(value.getMessageType());
            }
          } else {
            todo.push(f.getMessageType());
          }
        }
      }
    }
    return seen;
  }
}

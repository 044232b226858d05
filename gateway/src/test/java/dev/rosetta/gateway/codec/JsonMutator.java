package dev.rosetta.gateway.codec;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Rewrites valid JSON into other JSON a client might send for the same message, or nearly the
 * same: numbers as strings and back, exponent and fraction forms, one-element arrays around
 * scalars, nulls, unknown keys, shuffled keys, pretty printing. Output is strict JSON.
 */
final class JsonMutator {
  private JsonMutator() {}

  static String mutate(String json, Random random) {
    JsonElement tree = JsonParser.parseString(json);
    JsonElement mutated = mutate(tree, random);
    GsonBuilder gson = new GsonBuilder().disableHtmlEscaping().serializeNulls();
    if (random.nextBoolean()) {
      gson.setPrettyPrinting();
    }
    return gson.create().toJson(mutated);
  }

  private static JsonElement mutate(JsonElement e, Random random) {
    if (e.isJsonObject()) {
      List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(e.getAsJsonObject().entrySet());
      if (random.nextInt(4) == 0) {
        java.util.Collections.shuffle(entries, random);
      }
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> entry : entries) {
        out.add(entry.getKey(), mutate(entry.getValue(), random));
      }
      if (random.nextInt(12) == 0) {
        out.add("noSuchField", random.nextBoolean() ? new JsonPrimitive(1) : new JsonArray());
      }
      return out;
    }
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      for (JsonElement element : e.getAsJsonArray()) {
        out.add(mutate(element, random));
      }
      return out;
    }
    if (e.isJsonNull() || random.nextInt(3) > 0) {
      return e;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    String text = p.getAsString();
    switch (random.nextInt(8)) {
      case 0:
        return p.isNumber() ? new JsonPrimitive(text) : p;
      case 1:
        return numeric(text) ? new JsonPrimitive(new LazilyParsedNumber(text)) : p;
      case 2:
        return numeric(text) && !text.contains(".") && !text.contains("e") ? new JsonPrimitive(new LazilyParsedNumber(text + ".0")) : p;
      case 3:
        return numeric(text) && !text.contains("e") && !text.contains("E") ? new JsonPrimitive(new LazilyParsedNumber(text + "e0")) : p;
      case 4: {
        JsonArray wrapped = new JsonArray();
        wrapped.add(p);
        return wrapped;
      }
      case 5:
        return JsonNull.INSTANCE;
      case 6:
        return p.isString() ? new JsonPrimitive(text + "x") : p;
      default:
        return p.isNumber() ? new JsonPrimitive(new LazilyParsedNumber("-" + text)) : p;
    }
  }

  private static boolean numeric(String text) {
    return text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  }
}

package dev.rosetta.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.Descriptors.Descriptor;
import dev.rosetta.test.codec.v1.CodecTestProto;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A key repeated in one map object is refused at any size, and checking costs time linear in the
 * keys: a 16 MiB body holds some 200,000 of them, which a pairwise check takes tens of seconds over on an
 * event loop. Keys whose hash codes all collide are a case of their own (a hash set of byte
 * strings must not fall back to comparing each key with every other).
 */
class MapKeysTest {
  private static final int KEYS = 200_000;
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final Differential D = new Differential(CodecOptions.DEFAULTS);

  static Stream<Arguments> bigMaps() {
    List<String> distinct = new ArrayList<>(KEYS);
    for (int i = 0; i < KEYS; i++) {
      distinct.add("k" + i);
    }
    List<Arguments> cases = new ArrayList<>();
    for (String codec : List.of("fast", "reference")) {
      cases.add(Arguments.of(codec, "Maps", "mString", "distinct", distinct, "\"v\"", "rosetta.test.codec.v1.Maps.m_string"));
      cases.add(Arguments.of(codec, "Wkts", "struct", "distinct", distinct, "1", "google.protobuf.Struct.fields"));
      cases.add(Arguments.of(codec, "Maps", "mString", "colliding", colliding(17), "\"v\"", "rosetta.test.codec.v1.Maps.m_string"));
      cases.add(Arguments.of(codec, "Wkts", "struct", "colliding", colliding(17), "1", "google.protobuf.Struct.fields"));
    }
    return cases.stream();
  }

  /** 2^blocks keys of "Aa" and "BB" blocks: all have the same String and Arrays hash code. */
  static List<String> colliding(int blocks) {
    List<String> keys = new ArrayList<>(1 << blocks);
    for (int bits = 0; bits < 1 << blocks; bits++) {
      StringBuilder key = new StringBuilder(2 * blocks);
      for (int b = 0; b < blocks; b++) {
        key.append((bits >>> b & 1) == 0 ? "Aa" : "BB");
      }
      keys.add(key.toString());
    }
    return keys;
  }

  /**
   * The fast codec's whole parse, and the reference codec's pre-pass ({@link StrictDocument}, the
   * part that checks keys): JsonFormat's own parse after it is linear too, but slow enough (some
   * seconds for a Struct of 200,000 keys on a loaded machine) that a time bound would be flaky.
   */
  @ParameterizedTest(name = "{0} {1}.{2}, {3} keys")
  @MethodSource("bigMaps")
  void aMapOfTwoHundredThousandKeysIsCheckedInLinearTime(String codec, String type, String field, String kind,
      List<String> keys, String value, String mapField) {
    Descriptor t = CodecTestProto.getDescriptor().findMessageTypeByName(type);
    byte[] unique = document(field, keys, value, null);
    byte[] repeated = document(field, keys, value, keys.get(0));

    assertThat(assertTimeoutPreemptively(BOUND, () -> check(codec, t, unique))).isNull();
    assertThat(assertTimeoutPreemptively(BOUND, () -> check(codec, t, repeated)))
        .contains("duplicate map key \"" + keys.get(0) + "\" in " + mapField);
  }

  /** The failure's message, or null. */
  private static String check(String codec, Descriptor type, byte[] json) {
    try {
      if (codec.equals("fast")) {
        D.fast.parse(type, Unpooled.wrappedBuffer(json));
      } else {
        StrictDocument.checkMessage(type, new String(json, StandardCharsets.UTF_8));
      }
      return null;
    } catch (CodecException e) {
      return e.getMessage();
    }
  }

  /** {"field":{"k0":v,"k1":v,...}} with {@code again} as a last key when not null. */
  private static byte[] document(String field, List<String> keys, String value, String again) {
    StringBuilder json = new StringBuilder(keys.size() * 16).append("{\"").append(field).append("\":{");
    for (String key : keys) {
      json.append('"').append(key).append("\":").append(value).append(',');
    }
    if (again != null) {
      json.append('"').append(again).append("\":").append(value).append(',');
    }
    json.setLength(json.length() - 1);
    return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aKeyRepeatedFarApartInOneMapIsFoundAtEverySize() {
    int small = MapKeys.SMALL;
    for (int size : new int[] {1, 2, small - 1, small, small + 1, 2 * small, 1000}) {
      MapKeys keys = new MapKeys();
      int mark = keys.mark();
      for (int i = 0; i < size; i++) {
        assertThat(add(keys, "k" + i, mark)).as("size %d key %d", size, i).isTrue();
      }
      for (int i = 0; i < size; i++) {
        assertThat(add(keys, "k" + i, mark)).as("size %d, k%d again", size, i).isFalse();
      }
      assertThat(add(keys, "k" + size, mark)).isTrue();
    }
  }

  @Test
  void nestedMapsKeepTheirKeysApart() {
    MapKeys keys = new MapKeys();
    int outer = keys.mark();
    for (int i = 0; i < 50; i++) {
      assertThat(add(keys, "k" + i, outer)).isTrue();
      // each value is a map of its own (small or large, under a small or large outer map) with
      // the outer map's keys in it, which do not collide with the outer map's
      int inner = keys.mark();
      int size = i % 3 == 0 ? 3 : 2 * i;
      for (int j = 0; j < size; j++) {
        assertThat(add(keys, "k" + j, inner)).as("outer key %d, inner key %d", i, j).isTrue();
      }
      assertThat(add(keys, "k0", inner)).isFalse();
      keys.release(inner);
    }
    for (int i = 0; i < 50; i++) {
      assertThat(add(keys, "k" + i, outer)).isFalse();
    }
    assertThat(add(keys, "k50", outer)).isTrue();
    keys.release(outer);
    assertThat(add(keys, "k0", keys.mark())).isTrue();
  }

  @Test
  void resetForgetsAMapLeftOpenByAnError() {
    MapKeys keys = new MapKeys();
    int mark = keys.mark();
    for (int i = 0; i < 100; i++) {
      add(keys, "k" + i, mark);
    }
    keys.reset();
    mark = keys.mark();
    for (int i = 0; i < 100; i++) {
      assertThat(add(keys, "k" + i, mark)).isTrue();
    }
  }

  @Test
  void keysAreComparedAsBytesWhereverTheySitInTheBuffer() {
    MapKeys keys = new MapKeys();
    int mark = keys.mark();
    byte[] buffer = "xxabcyyabc".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < MapKeys.SMALL - 1; i++) {
      assertThat(add(keys, "p" + i, mark)).isTrue();
    }
    // "abc" is the arena's last key; "ab" moves the keys to a set
    assertThat(keys.add(buffer, 2, 3, mark)).isTrue();
    assertThat(keys.add(buffer, 7, 3, mark)).isFalse();
    assertThat(keys.add(buffer, 2, 2, mark)).isTrue();
    assertThat(keys.add(buffer, 7, 2, mark)).isFalse();
    assertThat(keys.add(buffer, 7, 3, mark)).isFalse();
    assertThat(keys.add(buffer, 3, 2, mark)).isTrue();
    assertThat(keys.add(buffer, 8, 2, mark)).isFalse();
  }

  private static boolean add(MapKeys keys, String key, int mark) {
    byte[] b = ("__" + key).getBytes(StandardCharsets.UTF_8);
    return keys.add(b, 2, b.length - 2, mark);
  }
}

package dev.rosetta.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pieces the RPC framings share: envelopes, gRPC-Web's base64 text, gzip with its bound, Connect's timeout. */
class RpcFramingPartsTest {
  static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  static String decodeText(String text) throws Exception {
    ByteBuf in = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    ByteBuf out = GrpcWebText.decode(ALLOC, in);
    try {
      return out.toString(StandardCharsets.ISO_8859_1);
    } finally {
      out.release();
      in.release();
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "'', ''",
      "YQ==, a",
      "YWI=, ab",
      "YWJj, abc",
      "YQ==YWI=YWJj, aababc",
      "YWJjYWJj, abcabc",
  })
  void grpcWebTextDecodesPiecesThatArePaddedOnTheirOwn(String text, String bytes) throws Exception {
    assertThat(decodeText(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"YQ=", "Y!==", "YQ=a", "=AAA"})
  void grpcWebTextThatIsNotBase64IsABadRequest(String text) {
    assertThatThrownBy(() -> decodeText(text)).isInstanceOf(ExchangeException.class)
        .satisfies(e -> assertThat(((ExchangeException) e).error().reason()).isEqualTo(Reasons.BAD_REQUEST));
  }

  @Test
  void grpcWebTextEncodesAsTheStandardEncoderDoes() {
    for (String s : new String[] {"", "a", "ab", "abc", "abcd\u00ff\u0000"}) {
      ByteBuf in = Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
      ByteBuf out = GrpcWebText.encode(ALLOC, in);
      assertThat(out.toString(StandardCharsets.US_ASCII))
          .isEqualTo(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1)));
      out.release();
      in.release();
    }
  }

  @Test
  void anEnvelopeIsReadWholeOrRefused() throws Exception {
    ByteBuf body = Unpooled.wrappedBuffer(new byte[] {1, 0, 0, 0, 2, 'h', 'i', 0, 0, 0, 0, 9, 'x'});
    Envelopes.Envelope first = Envelopes.read(body, 100);
    assertThat(first.has(Envelopes.COMPRESSED)).isTrue();
    assertThat(first.message().toString(StandardCharsets.US_ASCII)).isEqualTo("hi");
    assertThatThrownBy(() -> Envelopes.read(body, 100)).isInstanceOf(ExchangeException.class)
        .hasMessageContaining("a message of 9 bytes with 1 bytes of it");
    ByteBuf large = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 0});
    assertThatThrownBy(() -> Envelopes.read(large, 100)).isInstanceOf(ExchangeException.class)
        .satisfies(e -> assertThat(((ExchangeException) e).error().httpStatus()).isEqualTo(413));
  }

  @Test
  void gzipRoundTripsAndABombIsRefusedAtTheLimit() throws Exception {
    ByteBuf plain = Unpooled.copiedBuffer("hello ".repeat(1000), StandardCharsets.US_ASCII);
    ByteBuf zipped = Compression.gzip(ALLOC, plain);
    assertThat(zipped.readableBytes()).isLessThan(200);
    ByteBuf back = Compression.gunzip(ALLOC, zipped.duplicate(), 10_000);
    assertThat(back.toString(StandardCharsets.US_ASCII)).isEqualTo("hello ".repeat(1000));
    back.release();
    assertThatThrownBy(() -> Compression.gunzip(ALLOC, zipped.duplicate(), 5_999)).isInstanceOf(ExchangeException.class)
        .satisfies(e -> assertThat(((ExchangeException) e).error().httpStatus()).isEqualTo(413));
    zipped.release();
    plain.release();
    ByteBuf notGzip = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Compression.gunzip(ALLOC, notGzip, 100)).isInstanceOf(ExchangeException.class)
        .satisfies(e -> assertThat(((ExchangeException) e).error().httpStatus()).isEqualTo(400));
  }

  @Test
  void aMegabyteOfZerosInAFewBytesNeverGrowsPastTheLimit() throws Exception {
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
      gzip.write(new byte[16 << 20]);
    }
    ByteBuf in = Unpooled.wrappedBuffer(bomb.toByteArray());
    assertThat(in.readableBytes()).isLessThan(20_000);
    assertThatThrownBy(() -> Compression.gunzip(ALLOC, in, 1 << 20)).isInstanceOf(ExchangeException.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "'gzip', true", "'identity, gzip', true", "'br;q=1, gzip;q=0.5', true", "'gzip;q=0', false",
      "'GZIP', true", "'br', false", "'', false",
  })
  void acceptEncodingNamesGzipOrNot(String accept, boolean gzip) {
    assertThat(Compression.acceptsGzip(accept)).isEqualTo(gzip);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"1, 1000000", "250, 250000000", "9999999999, 9999999999000000", "0, -", "-1, -", "12345678901, -",
      "1s, -", "'', -"})
  void connectTimeoutMsIsOneToTenDigitsOfMilliseconds(String value, String nanos) throws Exception {
    var request = ExchangeFixture.request("POST", "/x", ConnectTimeout.HEADER, value);
    if (nanos.equals("-")) {
      assertThatThrownBy(() -> ConnectTimeout.nanos(request)).isInstanceOf(ExchangeException.class);
    } else {
      assertThat(ConnectTimeout.nanos(request)).isEqualTo(Long.parseLong(nanos));
    }
  }

  @Test
  void grpcMessageIsPercentEncodedOutsidePrintableAscii() {
    assertThat(GrpcWebFraming.percentEncode("50% fertig: Grüße\n")).isEqualTo("50%25 fertig: Gr%C3%BC%C3%9Fe%0A");
  }
}

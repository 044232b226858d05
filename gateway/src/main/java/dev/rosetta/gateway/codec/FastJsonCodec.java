package dev.rosetta.gateway.codec;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.util.JsonFormat;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import io.netty.buffer.ByteBuf;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming codec: JSON ⇄ protobuf wire bytes directly, never building a message object,
 * with the same result as {@link JsonFormatCodec} (JsonFormat over DynamicMessage), which the
 * differential tests prove type by type. Immutable and thread safe; the per-call scratch state
 * (buffers, stacks) lives in one printer and one parser per thread.
 *
 * <p>Falls back to the reference codec, by design and never silently:
 *
 * <ul>
 *   <li>for a whole type that reaches a message outside proto3 (proto2 groups, closed enums,
 *       defaults, required; editions) — logged once, at construction for the methods' request and
 *       response types, on first use for any other;
 *   <li>for one call whose input is outside what can be streamed exactly (see {@link
 *       NeedsReference}): JSON outside RFC 8259, non-canonical wire.
 * </ul>
 */
public final class FastJsonCodec implements JsonCodec {
  private static final Logger log = LoggerFactory.getLogger(FastJsonCodec.class);
  /** Scratch buffers grown past this are dropped after the call rather than kept per thread. */
  private static final int RETAINED_BYTES = 1 << 20;

  private final JsonFormatCodec reference;
  private final PlanCache plans = new PlanCache();
  private final Set<Descriptor> reported = ConcurrentHashMap.newKeySet();
  private final ThreadLocal<WirePrinter> printers;
  private final ThreadLocal<JsonToWire> parsers;

  public FastJsonCodec(DescriptorRegistry registry, CodecOptions options) {
    this.reference = new JsonFormatCodec(registry, options);
    JsonFormat.TypeRegistry types = registry.typeRegistry();
    this.printers = ThreadLocal.withInitial(() -> new WirePrinter(plans, types, options));
    this.parsers = ThreadLocal.withInitial(() -> new JsonToWire(plans, types, options));
    for (ServiceDescriptor service : registry.services().values()) {
      for (MethodDescriptor method : service.getMethods()) {
        supported(method.getInputType());
        supported(method.getOutputType());
      }
    }
  }

  /** Whether the type is streamed; the first time a type is not, says so in the log. */
  private boolean supported(Descriptor type) {
    Optional<String> reason = plans.unsupportedReason(type);
    if (reason.isEmpty()) {
      plans.plan(type);
      return true;
    }
    if (reported.add(type)) {
      log.info("codec: {} is converted by the reference codec (JsonFormat): {}", type.getFullName(), reason.get());
    }
    return false;
  }

  @Override
  public byte[] parse(Descriptor type, ByteBuf json) throws CodecException {
    if (!supported(type)) {
      return reference.parse(type, json);
    }
    JsonToWire parser = start(json);
    try {
      parser.document(plans.plan(type));
      return parser.out.toByteArray();
    } catch (NeedsReference e) {
      return reference.parse(type, json);
    } catch (CodecException e) {
      throw located(e, parser);
    } finally {
      finish(parser);
    }
  }

  @Override
  public byte[] parseField(FieldDescriptor field, ByteBuf json) throws CodecException {
    Descriptor containing = field.getContainingType();
    if (!supported(containing)) {
      return reference.parseField(field, json);
    }
    JsonToWire parser = start(json);
    try {
      MessagePlan plan = plans.plan(containing);
      parser.lone(plan, plan.field(field.getNumber()));
      return parser.out.toByteArray();
    } catch (NeedsReference e) {
      return reference.parseField(field, json);
    } catch (CodecException e) {
      throw located(e, parser);
    } finally {
      finish(parser);
    }
  }

  private static CodecException located(CodecException e, JsonToWire parser) {
    JsonInput in = parser.in;
    return JsonErrors.located(e, in.buf, in.start, in.end, in.pos);
  }

  private JsonToWire start(ByteBuf json) {
    JsonToWire parser = parsers.get();
    int len = json.readableBytes();
    if (json.hasArray()) {
      parser.reset(json.array(), json.arrayOffset() + json.readerIndex(), len);
    } else {
      byte[] copy = new byte[len];
      json.getBytes(json.readerIndex(), copy);
      parser.reset(copy, 0, len);
    }
    return parser;
  }

  private static void finish(JsonToWire parser) {
    parser.in.buf = null;
    parser.mapKeys.reset(); // a document refused inside a large map would keep its key set
    if (parser.out.buf.length > RETAINED_BYTES) {
      parser.out.buf = new byte[256];
    }
  }

  @Override
  public void print(Descriptor type, byte[] wire, ByteBuf out) throws CodecException {
    if (!supported(type)) {
      reference.print(type, wire, out);
      return;
    }
    WirePrinter printer = printers.get();
    printer.reset(wire, type.getFullName());
    printer.out.reserve(wire.length + 64);
    try {
      printer.message(plans.plan(type), 0, wire.length, 0);
      out.writeBytes(printer.out.buf, 0, printer.out.pos);
    } catch (NeedsReference e) {
      reference.print(type, wire, out);
    } finally {
      finish(printer);
    }
  }

  @Override
  public void printField(FieldDescriptor field, byte[] containingWire, ByteBuf out) throws CodecException {
    Descriptor containing = field.getContainingType();
    if (!supported(containing)) {
      reference.printField(field, containingWire, out);
      return;
    }
    WirePrinter printer = printers.get();
    printer.reset(containingWire, containing.getFullName());
    try {
      MessagePlan plan = plans.plan(containing);
      // The reference parses the whole containing message first: the same checks, no output.
      printer.validate(plan, 0, containingWire.length, 0);
      int base = printer.scan(plan, 0, containingWire.length);
      printer.requireCanonical(plan, base);
      FieldPlan f = plan.field(field.getNumber());
      int from = base;
      while (from < printer.occTop && printer.occField[from] != f.index) {
        from++;
      }
      int to = from;
      while (to < printer.occTop && printer.occField[to] == f.index) {
        to++;
      }
      boolean singularMessage = f.isMessage() && !f.repeated;
      if (!singularMessage && f.presence && from == to) {
        printer.out.ascii("null");
      } else {
        // The field itself appears even when it holds its default; what it contains follows the options.
        printer.value(f, from, to, 0);
      }
      out.writeBytes(printer.out.buf, 0, printer.out.pos);
    } catch (NeedsReference e) {
      reference.printField(field, containingWire, out);
    } finally {
      finish(printer);
    }
  }

  private static void finish(WirePrinter printer) {
    printer.buf = new byte[0];
    if (printer.out.buf.length > RETAINED_BYTES) {
      printer.out.buf = new byte[256];
    }
  }
}

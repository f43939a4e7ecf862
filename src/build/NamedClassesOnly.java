import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build step (run by the pom, {@code java NamedClassesOnly.java}, no dependencies): from jars the server does not
 * ship whole, unpacks into the classes directory only the classes that the shipped code names, with their
 * supertypes.
 *
 * <p>An R4 server never runs HAPI's DSTU2/DSTU3/R4B models, the validator's converters between other versions, or
 * Lucene (full-text search is off), yet it must be able to load some of their classes: Spring introspects HAPI's
 * beans, which resolves every type in their methods' signatures (a DSTU3 SearchParameter in HAPI's search-parameter
 * canonicalizer), the verifier loads a class to check an assignment, and {@code instanceof} needs its class. All of
 * these name the class in the constant pool of the class that needs it, and loading a class loads its supertypes;
 * so a trimmed jar's class ships when a class on the shipped classpath names it (as a class or inside a
 * descriptor), with its superclass and interfaces. Names held only in strings ({@code Class.forName}) do not count:
 * HAPI looks other versions up that way and expects them to be absent.
 *
 * <p>Arguments: {@code --out DIR}, {@code --code PATHS} (the shipped classpath, jars and directories, separated by
 * the path separator), {@code --not-code REGEX} (classes on that classpath that never load in an R4 server, whose
 * names therefore do not count: HAPI's own DSTU2/DSTU3/R4B DAOs, providers and configuration), and one or more
 * {@code --trim JAR[=CODE_REGEX]}: a jar to trim; its classes matching CODE_REGEX run (the R4-to-R5 converters the
 * validator uses), so they ship whole and what they name counts like the classpath's.
 */
public final class NamedClassesOnly {

	private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([\\w/$]+);");

	private record ClassFile(String name, List<String> strings, String superclass, List<String> interfaces) {}

	private record Trimmed(Path jar, Map<String, byte[]> classes) {}

	public static void main(String[] args) throws IOException {
		Path out = null;
		List<Path> code = new ArrayList<>();
		String notCodeRegex = "(?!)";
		Map<Path, Pattern> trim = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i += 2) {
			String value = args[i + 1];
			switch (args[i]) {
				case "--out" -> out = Path.of(value);
				case "--code" -> Stream.of(value.split(java.io.File.pathSeparator))
						.filter(s -> !s.isBlank())
						.map(Path::of)
						.forEach(code::add);
				case "--not-code" -> notCodeRegex = value;
				case "--trim" -> {
					int eq = value.indexOf('=');
					trim.put(
							Path.of(eq < 0 ? value : value.substring(0, eq)),
							Pattern.compile(eq < 0 ? "(?!)" : value.substring(eq + 1)));
				}
				default -> throw new IllegalArgumentException("unknown argument " + args[i]);
			}
		}
		if (out == null || trim.isEmpty()) {
			throw new IllegalArgumentException("usage: --out DIR --code PATHS [--not-code REGEX] --trim JAR[=CODE_REGEX]...");
		}

		Pattern notCode = Pattern.compile(notCodeRegex);
		Map<String, byte[]> trimmable = new TreeMap<>();
		Map<String, byte[]> runs = new TreeMap<>();
		List<Trimmed> jars = new ArrayList<>();
		for (Map.Entry<Path, Pattern> jar : trim.entrySet()) {
			Map<String, byte[]> classes = classesIn(jar.getKey());
			jars.add(new Trimmed(jar.getKey(), classes));
			classes.forEach((name, bytes) -> (jar.getValue().matcher(name).matches() ? runs : trimmable).put(name, bytes));
		}

		Deque<String> named = new ArrayDeque<>();
		for (Path entry : code) {
			forEachClass(entry, (name, bytes) -> {
				// a class unpacked by an earlier build is the trimmed jar's, not code
				if (!trimmable.containsKey(name) && !runs.containsKey(name) && !notCode.matcher(name).matches()) {
					named.addAll(namesIn(parse(bytes)));
				}
			});
		}
		runs.values().forEach(bytes -> named.addAll(namesIn(parse(bytes))));

		Set<String> ship = new HashSet<>(runs.keySet());
		while (!named.isEmpty()) {
			String name = named.pop();
			if (trimmable.containsKey(name) && ship.add(name)) {
				ClassFile type = parse(trimmable.get(name));
				if ("java/lang/Enum".equals(type.superclass())) {
					// a switch over an enum initializes it (the compiler's switch map calls values())
					named.addAll(namesIn(type));
				} else {
					if (type.superclass() != null) {
						named.push(type.superclass());
					}
					type.interfaces().forEach(named::push);
				}
			}
		}

		for (Trimmed jar : jars) {
			long shippedBytes = 0;
			int shipped = 0;
			for (Map.Entry<String, byte[]> type : jar.classes().entrySet()) {
				Path file = out.resolve(type.getKey() + ".class");
				if (ship.contains(type.getKey())) {
					Files.createDirectories(file.getParent());
					Files.write(file, type.getValue());
					shipped++;
					shippedBytes += type.getValue().length;
				} else {
					Files.deleteIfExists(file);
				}
			}
			System.out.printf(
					"NamedClassesOnly: %s: %d of %d classes (%d KB)%n",
					jar.jar().getFileName(), shipped, jar.classes().size(), shippedBytes / 1024);
		}
	}

	private interface ClassVisitor {
		void visit(String name, byte[] bytes) throws IOException;
	}

	private static void forEachClass(Path entry, ClassVisitor visitor) throws IOException {
		if (Files.isDirectory(entry)) {
			try (Stream<Path> files = Files.walk(entry)) {
				for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
					String relative = entry.relativize(file).toString().replace(java.io.File.separatorChar, '/');
					visitor.visit(relative.substring(0, relative.length() - ".class".length()), Files.readAllBytes(file));
				}
			}
		} else if (Files.isRegularFile(entry)) {
			classesIn(entry).forEach((name, bytes) -> {
				try {
					visitor.visit(name, bytes);
				} catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
	}

	/** A jar's classes by internal name; multi-release variants and module descriptors left aside. */
	private static Map<String, byte[]> classesIn(Path jar) throws IOException {
		Map<String, byte[]> classes = new TreeMap<>();
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
				String name = entry.getName();
				if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
					classes.put(name.substring(0, name.length() - ".class".length()), zip.getInputStream(entry).readAllBytes());
				}
			}
		}
		return classes;
	}

	/** Class names in a constant pool: CONSTANT_Class entries (arrays unwrapped) and types inside descriptors. */
	private static List<String> namesIn(ClassFile type) {
		List<String> names = new ArrayList<>();
		if (type.superclass() != null) {
			names.add(type.superclass());
		}
		names.addAll(type.interfaces());
		for (String s : type.strings()) {
			names.add(s.replaceFirst("^\\[+L?", "").replaceFirst(";$", ""));
			if (s.indexOf(';') >= 0) {
				Matcher m = DESCRIPTOR_TYPE.matcher(s);
				while (m.find()) {
					names.add(m.group(1));
				}
			}
		}
		return names;
	}

	private static ClassFile parse(byte[] bytes) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			if (in.readInt() != 0xCAFEBABE) {
				throw new IOException("not a class file");
			}
			in.readUnsignedShort();
			in.readUnsignedShort();
			int count = in.readUnsignedShort();
			String[] utf8 = new String[count];
			int[] classNameIndex = new int[count];
			for (int i = 1; i < count; i++) {
				int tag = in.readUnsignedByte();
				switch (tag) {
					case 1 -> utf8[i] = in.readUTF();
					case 7 -> classNameIndex[i] = in.readUnsignedShort();
					case 8, 16, 19, 20 -> in.readUnsignedShort();
					case 15 -> {
						in.readUnsignedByte();
						in.readUnsignedShort();
					}
					case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
					case 5, 6 -> {
						in.readLong();
						i++;
					}
					default -> throw new IOException("constant pool tag " + tag);
				}
			}
			in.readUnsignedShort();
			String name = utf8[classNameIndex[in.readUnsignedShort()]];
			int superIndex = in.readUnsignedShort();
			List<String> interfaces = new ArrayList<>();
			for (int i = in.readUnsignedShort(); i > 0; i--) {
				interfaces.add(utf8[classNameIndex[in.readUnsignedShort()]]);
			}
			List<String> strings = new ArrayList<>();
			for (String s : utf8) {
				if (s != null) {
					strings.add(s);
				}
			}
			return new ClassFile(name, strings, superIndex == 0 ? null : utf8[classNameIndex[superIndex]], interfaces);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

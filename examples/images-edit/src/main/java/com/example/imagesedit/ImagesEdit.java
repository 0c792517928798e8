package com.example.imagesedit;

import io.github.gatewaysdk.aistats.AiStatsClient;
import io.github.gatewaysdk.aistats.ImageData;
import io.github.gatewaysdk.aistats.errors.AiStatsException;
import io.github.gatewaysdk.aistats.errors.AuthenticationException;
import io.github.gatewaysdk.aistats.model.Image;
import io.github.gatewaysdk.aistats.model.ImagesEditRequest;
import io.github.gatewaysdk.aistats.model.ImagesEditResponse;
import io.github.gatewaysdk.aistats.model.ProviderRoutingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code images-edit --image cat.png --prompt "..." [--model id] [--n count] [--providers a,b] [--out dir]}: sends an
 * image and a prompt to {@code POST /images/edits} and writes each result image to the output folder.
 *
 * <p>Exit codes: 0 done, 1 the call failed, 2 bad arguments or input.
 */
public final class ImagesEdit {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  private static final String USAGE = "usage: images-edit --image <file> --prompt <text> [--model <id>] [--n <count>]"
      + " [--providers <a,b>] [--out <dir>]";
  private static final String HELP = USAGE + "\n"
      + "  --image   PNG, JPEG or WebP image to edit\n"
      + "  --prompt  what to change\n"
      + "  --model   model id (default gpt-image-1)\n"
      + "  --n       number of images, 1 to 10 (default 1)\n"
      + "  --providers  providers to try, in order (default: the gateway's choice)\n"
      + "  --out     folder for the results (default: the current folder)\n"
      + "Calls the gateway at AI_STATS_BASE_URL (default " + AiStatsClient.DEFAULT_BASE_URL + ") with AI_STATS_API_KEY.";

  private ImagesEdit() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      return fail(System.err, BAD_INPUT, e.getMessage() + " (see --help)");
    }
    if (options.help) {
      System.out.println(HELP);
      return OK;
    }
    AiStatsClient client;
    try {
      client = AiStatsClient.fromEnv(); // AI_STATS_API_KEY, and AI_STATS_BASE_URL for another gateway or a mock
    } catch (IllegalStateException e) {
      return fail(System.err, BAD_INPUT, e.getMessage());
    }
    try (AiStatsClient closedAtTheEnd = client) {
      return run(closedAtTheEnd, options, System.out, System.err);
    }
  }

  /** The program's work with a given client: what the tests run against the mock. */
  static int run(AiStatsClient client, Options options, PrintStream out, PrintStream err) {
    try {
      edit(client, options, out);
      return OK;
    } catch (NoSuchFileException e) {
      return fail(err, BAD_INPUT, "image not found: " + e.getFile());
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The SDK's argument checks (unsupported image type, n out of range): nothing was sent.
      return fail(err, BAD_INPUT, e.getMessage());
    } catch (AuthenticationException e) {
      return fail(err, FAILED, e.getMessage() + "; check AI_STATS_API_KEY");
    } catch (AiStatsException e) {
      // Every other failure of the call, typed by the SDK: error statuses, timeouts, connection failures.
      return fail(err, FAILED, e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return fail(err, FAILED, e.getMessage());
    }
  }

  private static void edit(AiStatsClient client, Options options, PrintStream out) throws IOException {
    byte[] input = Files.readAllBytes(options.image);
    String dataUrl;
    try {
      dataUrl = ImageData.toDataUrl(input); // rejects anything but PNG, JPEG and WebP, by content
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(options.image + ": " + e.getMessage(), e);
    }
    out.println("Gateway: " + client.baseUrl());

    ImagesEditResponse response = client.images().edit(new ImagesEditRequest()
        .model(options.model)
        .image(dataUrl)
        .prompt(options.prompt)
        .n(options.n)
        .provider(options.providers == null ? null : new ProviderRoutingOptions().order(options.providers)));

    List<Image> images = response.getData();
    if (images == null || images.isEmpty()) {
      throw new IOException("the gateway answered without images");
    }
    Files.createDirectories(options.out);
    String stem = options.image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    for (int i = 0; i < images.size(); i++) {
      byte[] bytes;
      try {
        bytes = client.images().bytes(images.get(i)); // b64_json decoded, or url downloaded
      } catch (IllegalArgumentException e) {
        // A bad answer, not bad input: neither b64_json nor an http(s) url to read.
        throw new IOException("image " + (i + 1) + " of the answer: " + e.getMessage(), e);
      }
      Path file = options.out.resolve(stem + "-edit-" + (i + 1) + extension(bytes)).toAbsolutePath();
      Files.write(file, bytes);
      out.println("Wrote " + file);
    }
  }

  private static String extension(byte[] image) {
    try {
      switch (ImageData.mimeType(image)) {
        case "image/png":
          return ".png";
        case "image/jpeg":
          return ".jpg";
        default:
          return ".webp";
      }
    } catch (IllegalArgumentException notAnImageTypeWeKnow) {
      return ".bin";
    }
  }

  private static int fail(PrintStream err, int code, String message) {
    // One line, never a stack trace: the SDK's messages are single lines; an I/O message may not be.
    err.println("images-edit: " + String.valueOf(message).replaceAll("\\s*\\R\\s*", " "));
    return code;
  }

  /** The parsed command line. */
  static final class Options {
    Path image;
    String prompt;
    String model = "gpt-image-1";
    Integer n;
    List<String> providers;
    Path out = Path.of("");
    boolean help;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "-h":
          case "--help":
            options.help = true;
            break;
          case "--image":
            options.image = Path.of(value(args, ++i, arg));
            break;
          case "--prompt":
            options.prompt = value(args, ++i, arg);
            break;
          case "--model":
            options.model = value(args, ++i, arg);
            break;
          case "--n":
            String count = value(args, ++i, arg);
            try {
              options.n = Integer.valueOf(count);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--n needs a whole number, got \"" + count + "\"");
            }
            break;
          case "--providers":
            options.providers = Arrays.asList(value(args, ++i, arg).split(","));
            break;
          case "--out":
            options.out = Path.of(value(args, ++i, arg));
            break;
          default:
            throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
        }
      }
      if (!options.help && options.image == null) {
        throw new IllegalArgumentException("--image is required");
      }
      if (!options.help && options.prompt == null) {
        throw new IllegalArgumentException("--prompt is required");
      }
      return options;
    }

    private static String value(String[] args, int index, String option) {
      if (index >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[index];
    }
  }
}

"""Static files in production: WhiteNoise's compressed manifest storage, tolerant of source maps."""

from collections.abc import Callable
from re import Match

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; a reference to a missing source map stays as it is.

    Vendored front-end builds (npm packages) end with `//# sourceMappingURL=x.js.map` while the
    map itself is not shipped. Django's manifest storage then refuses the whole `collectstatic`.
    A source map is only a developer aid that a browser asks for with its developer tools open,
    so the comment is kept unchanged; every other missing reference still fails the build.
    """

    def url_converter(
        self, name: str, hashed_files: dict[str, str], template: str | None = None
    ) -> Callable[[Match[str]], str]:
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj: Match[str]) -> str:
            try:
                return convert(matchobj)
            except ValueError:
                url = matchobj["url"].strip().split("?", 1)[0].split("#", 1)[0]
                if url.endswith(".map"):
                    return matchobj["matched"]
                raise

        return converter

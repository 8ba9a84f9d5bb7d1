#pragma once

// The diner API's version; changes are listed in docs/API_CHANGELOG.md.
inline constexpr char API_VERSION[] = "1.0";

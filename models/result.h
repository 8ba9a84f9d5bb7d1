#pragma once

#include "error.h"

#include <type_traits>
#include <utility>
#include <variant>

// What every fallible models call returns: a value or an Error. The subset of
// C++23's std::expected that Maitre uses, for a C++20 code base.
template <typename E>
struct Unexpected
{
    E error;
    explicit Unexpected(E e)
        : error(std::move(e))
    { }
};

template <typename T>
class [[nodiscard]] Result
{
public:
    using value_type = T;

    Result()
        requires std::is_default_constructible_v<T>
        : m_state(std::in_place_index<0>)
    { }
    Result(const T& value)
        : m_state(std::in_place_index<0>, value)
    { }
    Result(T&& value)
        : m_state(std::in_place_index<0>, std::move(value))
    { }
    template <typename U>
        requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::remove_cvref_t<U>, Result>
                 && !std::is_same_v<std::remove_cvref_t<U>, Unexpected<Error>>
                 && !std::is_same_v<std::remove_cvref_t<U>, T>)
    Result(U&& value)
        : m_state(std::in_place_index<0>, T(std::forward<U>(value)))
    { }
    Result(Unexpected<Error> failure)
        : m_state(std::in_place_index<1>, std::move(failure.error))
    { }

    bool has_value() const { return m_state.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(m_state); }
    Error& error() { return std::get<1>(m_state); }

    template <typename U>
    T value_or(U&& fallback) const
    {
        return has_value() ? value() : T(std::forward<U>(fallback));
    }

    // Maps the value, keeping an error as it is.
    template <typename F>
    auto transform(F&& f) const -> Result<std::invoke_result_t<F, const T&>>
    {
        if (has_value()) {
            return std::forward<F>(f)(value());
        }
        return Unexpected<Error>(error());
    }

private:
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    using value_type = void;

    Result() = default;
    Result(Unexpected<Error> failure)
        : m_error(std::move(failure.error))
        , m_failed(true)
    { }

    bool has_value() const { return !m_failed; }
    explicit operator bool() const { return has_value(); }
    const Error& error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

using VoidResult = Result<void>;

// Spelled like std::unexpected so call sites read the same.
inline Unexpected<Error> unexpected(Error error)
{
    return Unexpected<Error>(std::move(error));
}

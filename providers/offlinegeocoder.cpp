#include "offlinegeocoder.h"

#include "addressnormalizer.h"

OfflineGeocoder::OfflineGeocoder() = default;

QString OfflineGeocoder::name() const
{
    return QStringLiteral("offline");
}

const QList<OfflineGeocoder::Street>& OfflineGeocoder::streets()
{
    // Approximate ends of real streets, good enough for a demo map.
    static const QList<Street> all{
        {QStringLiteral("Calle Mayor"),
         QStringLiteral("28013"),
         QStringLiteral("Madrid"),
         1,
         90,
         40.4166,
         -3.7046,
         40.4155,
         -3.7135},
        {QStringLiteral("Calle de Toledo"),
         QStringLiteral("28005"),
         QStringLiteral("Madrid"),
         1,
         150,
         40.4145,
         -3.7077,
         40.4070,
         -3.7112},
        {QStringLiteral("Calle de Atocha"),
         QStringLiteral("28012"),
         QStringLiteral("Madrid"),
         1,
         130,
         40.4149,
         -3.7058,
         40.4083,
         -3.6930},
        {QStringLiteral("Calle del Arenal"),
         QStringLiteral("28013"),
         QStringLiteral("Madrid"),
         1,
         30,
         40.4171,
         -3.7052,
         40.4182,
         -3.7095},
        {QStringLiteral("Calle de Alcalá"),
         QStringLiteral("28014"),
         QStringLiteral("Madrid"),
         1,
         95,
         40.4172,
         -3.7027,
         40.4199,
         -3.6889},
        {QStringLiteral("Gran Vía"),
         QStringLiteral("28013"),
         QStringLiteral("Madrid"),
         1,
         88,
         40.4190,
         -3.6972,
         40.4237,
         -3.7118},
        {QStringLiteral("Calle de Segovia"),
         QStringLiteral("28005"),
         QStringLiteral("Madrid"),
         1,
         80,
         40.4137,
         -3.7085,
         40.4143,
         -3.7207},
        {QStringLiteral("Calle de la Cava Baja"),
         QStringLiteral("28005"),
         QStringLiteral("Madrid"),
         1,
         45,
         40.4135,
         -3.7087,
         40.4112,
         -3.7098},
        {QStringLiteral("Calle de Postas"),
         QStringLiteral("28012"),
         QStringLiteral("Madrid"),
         1,
         35,
         40.4163,
         -3.7051,
         40.4158,
         -3.7066},
        {QStringLiteral("Calle de Bailén"),
         QStringLiteral("28013"),
         QStringLiteral("Madrid"),
         1,
         40,
         40.4195,
         -3.7138,
         40.4113,
         -3.7146},
        {QStringLiteral("Calle de Preciados"),
         QStringLiteral("28013"),
         QStringLiteral("Madrid"),
         1,
         50,
         40.4173,
         -3.7043,
         40.4199,
         -3.7063},
        {QStringLiteral("Calle de la Princesa"),
         QStringLiteral("28008"),
         QStringLiteral("Madrid"),
         1,
         90,
         40.4243,
         -3.7128,
         40.4345,
         -3.7188},
        {QStringLiteral("Calle de Embajadores"),
         QStringLiteral("28012"),
         QStringLiteral("Madrid"),
         1,
         80,
         40.4120,
         -3.7060,
         40.4047,
         -3.7027},
        {QStringLiteral("Calle de Serrano"),
         QStringLiteral("28001"),
         QStringLiteral("Madrid"),
         1,
         100,
         40.4213,
         -3.6883,
         40.4330,
         -3.6870},
        {QStringLiteral("Calle de las Huertas"),
         QStringLiteral("28014"),
         QStringLiteral("Madrid"),
         1,
         80,
         40.4149,
         -3.7011,
         40.4118,
         -3.6940},
        // Outside any 3 km zone: about 12 km south and 14 km north.
        {QStringLiteral("Calle Madrid"),
         QStringLiteral("28901"),
         QStringLiteral("Getafe"),
         1,
         120,
         40.3082,
         -3.7327,
         40.3050,
         -3.7300},
        {QStringLiteral("Avenida de España"),
         QStringLiteral("28100"),
         QStringLiteral("Alcobendas"),
         1,
         200,
         40.5395,
         -3.6395,
         40.5455,
         -3.6360},
    };
    return all;
}

QFuture<Result<Geocoder::Place>> OfflineGeocoder::geocode(const DeliveryAddress& address)
{
    return QtFuture::makeReadyValueFuture(lookUp(address));
}

Result<Geocoder::Place> OfflineGeocoder::lookUp(const DeliveryAddress& address) const
{
    const AddressNormalizer::StreetAndNumber wanted = AddressNormalizer::streetAndNumber(address.line1);
    if (wanted.street.isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("address"), tr("The delivery address has no street.")));
    }
    const QString city = AddressNormalizer::fold(address.city);
    const Street* match = nullptr;
    for (const Street& street : streets()) {
        if (AddressNormalizer::streetAndNumber(street.name).street != wanted.street) {
            continue;
        }
        if (!city.isEmpty() && AddressNormalizer::fold(street.city) != city) {
            continue;
        }
        match = &street;
        break;
    }
    if (match == nullptr) {
        return unexpected(
            Error::invalid(QStringLiteral("address"),
                           tr("“%1” is not on the offline map. Check the street name, or use one of the demo streets.")
                               .arg(AddressNormalizer::oneLine(address))));
    }
    if (wanted.number == 0) {
        return unexpected(Error::invalid(QStringLiteral("address"), tr("Add the house number to the street.")));
    }
    if (wanted.number < match->firstNumber || wanted.number > match->lastNumber) {
        return unexpected(Error::invalid(QStringLiteral("address"),
                                         tr("%1 has no number %2 on the offline map (it runs from %3 to %4).")
                                             .arg(match->name)
                                             .arg(wanted.number)
                                             .arg(match->firstNumber)
                                             .arg(match->lastNumber)));
    }
    const double along = match->lastNumber == match->firstNumber
        ? 0.0
        : double(wanted.number - match->firstNumber) / (match->lastNumber - match->firstNumber);
    Place place;
    place.latitude = match->firstLatitude + along * (match->lastLatitude - match->firstLatitude);
    place.longitude = match->firstLongitude + along * (match->lastLongitude - match->firstLongitude);
    place.displayName =
        QStringLiteral("%1 %2, %3 %4").arg(match->name).arg(wanted.number).arg(match->postcode, match->city);
    return place;
}

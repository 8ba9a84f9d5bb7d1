<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en">
<context>
    <name>Application</name>
    <message>
        <source>The demo restaurant could not be created: %1</source>
        <translation>No se ha podido crear el restaurante de demostración: %1</translation>
    </message>
    <message>
        <source>The restaurant could not be created: %1</source>
        <translation>No se ha podido crear el restaurante: %1</translation>
    </message>
    <message>
        <source>The local database could not be started.
%1</source>
        <translation>No se ha podido iniciar la base de datos local.
%1</translation>
    </message>
    <message>
        <source>The database could not be prepared.
%1</source>
        <translation>No se ha podido preparar la base de datos.
%1</translation>
    </message>
    <message>
        <source>The restaurant could not be loaded.
%1</source>
        <translation>No se ha podido cargar el restaurante.
%1</translation>
    </message>
</context>
<context>
    <name>CommandLineOptions</name>
    <message>
        <source>Maitre: the restaurant staff console with a live virtual queue for diners&apos; phones.</source>
        <translation>Maitre: la consola del personal del restaurante con una cola virtual en tiempo real para los móviles de los comensales.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Muestra esta ayuda y sale.</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>Muestra la versión y sale.</translation>
    </message>
    <message>
        <source>Keep data (the managed database, logs) in DIR. Default: %1.</source>
        <translation>Guarda los datos (la base de datos gestionada, los registros) en DIR. Predeterminado: %1.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Serve the diner page and API on port N (0: any free port). Default: 8080.</source>
        <translation>Sirve la página para comensales y la API en el puerto N (0: cualquier puerto libre). Predeterminado: 8080.</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Listen on address ADDR only. Default: all interfaces, for the LAN.</source>
        <translation>Escucha solo en la dirección ADDR. Predeterminado: todas las interfaces, para la red local.</translation>
    </message>
    <message>
        <source>ADDR</source>
        <translation>ADDR</translation>
    </message>
    <message>
        <source>No window: run the services and the diner server only.</source>
        <translation>Sin ventana: ejecuta solo los servicios y el servidor para comensales.</translation>
    </message>
    <message>
        <source>Create a demo restaurant when the database is empty.</source>
        <translation>Crea un restaurante de demostración si la base de datos está vacía.</translation>
    </message>
    <message>
        <source>Use the PostgreSQL database at URL (postgresql://user:password@host:port/db) instead of the managed one.</source>
        <translation>Usa la base de datos PostgreSQL de URL (postgresql://user:password@host:port/db) en lugar de la gestionada.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Use language CODE (%1). Default: the system&apos;s.</source>
        <translation>Usa el idioma CODE (%1). Predeterminado: el del sistema.</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Argumento inesperado: %1</translation>
    </message>
    <message>
        <source>--data-dir needs a directory.</source>
        <translation>--data-dir necesita un directorio.</translation>
    </message>
    <message>
        <source>--port must be a number from 0 to 65535, not &quot;%1&quot;.</source>
        <translation>--port debe ser un número entre 0 y 65535, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--bind must be an IP address such as 0.0.0.0 or 192.168.1.10, not &quot;%1&quot;.</source>
        <translation>--bind debe ser una dirección IP como 0.0.0.0 o 192.168.1.10, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--lang must be one of %1, not &quot;%2&quot;.</source>
        <translation>--lang debe ser uno de %1, no &quot;%2&quot;.</translation>
    </message>
</context>
<context>
    <name>ConnectionSettings</name>
    <message>
        <source>&quot;%1&quot; is not a PostgreSQL URL (postgresql://user:password@host:port/database).</source>
        <translation>&quot;%1&quot; no es una URL de PostgreSQL (postgresql://user:password@host:port/database).</translation>
    </message>
</context>
<context>
    <name>DinerServer</name>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>No se puede escuchar en %1, puerto %2: %3</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>There is nothing at %1.</source>
        <translation>No hay nada en %1.</translation>
    </message>
    <message>
        <source>Method not allowed</source>
        <translation>Método no permitido</translation>
    </message>
    <message>
        <source>%1 accepts %2.</source>
        <translation>%1 acepta %2.</translation>
    </message>
</context>
<context>
    <name>LimitingTcpServer</name>
    <message>
        <source>Request too large</source>
        <translation>Solicitud demasiado grande</translation>
    </message>
    <message>
        <source>Request bodies are limited to %1 KiB.</source>
        <translation>El cuerpo de las solicitudes está limitado a %1 KiB.</translation>
    </message>
    <message>
        <source>Request headers too large</source>
        <translation>Cabeceras de la solicitud demasiado grandes</translation>
    </message>
    <message>
        <source>Request headers are limited to %1 KiB.</source>
        <translation>Las cabeceras de las solicitudes están limitadas a %1 KiB.</translation>
    </message>
</context>
<context>
    <name>LocalPostgres</name>
    <message>
        <source>PostgreSQL&apos;s server programs (initdb, pg_ctl) were not found. Install PostgreSQL 17 (Debian: postgresql-17), or use --database-url.</source>
        <translation>No se han encontrado los programas de servidor de PostgreSQL (initdb, pg_ctl). Instale PostgreSQL 17 (Debian: postgresql-17) o use --database-url.</translation>
    </message>
    <message>
        <source>PostgreSQL cannot run as root and no unprivileged account could be made for it: %1</source>
        <translation>PostgreSQL no puede ejecutarse como root y no se ha podido crear una cuenta sin privilegios para él: %1</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>No se puede ejecutar %1: %2</translation>
    </message>
    <message>
        <source>%1 did not finish in time.</source>
        <translation>%1 no ha terminado a tiempo.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 ha fallado: %2</translation>
    </message>
    <message>
        <source>PostgreSQL runs as the unprivileged user %1, who cannot enter %2. Choose a data directory outside it (--data-dir), or allow entry with: chmod o+x %2</source>
        <translation>PostgreSQL se ejecuta como el usuario sin privilegios %1, que no puede acceder a %2. Elija un directorio de datos fuera de él (--data-dir) o permita el acceso con: chmod o+x %2</translation>
    </message>
    <message>
        <source>Cannot create %1.</source>
        <translation>No se puede crear %1.</translation>
    </message>
    <message>
        <source>Cannot hand %1 to the user %2.</source>
        <translation>No se puede ceder la propiedad de %1 al usuario %2.</translation>
    </message>
    <message>
        <source>%1 is not empty but holds no PostgreSQL cluster; move its contents away.</source>
        <translation>%1 no está vacío, pero no contiene ningún clúster de PostgreSQL; traslade su contenido a otro lugar.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>No se puede escribir %1.</translation>
    </message>
    <message>
        <source>The local PostgreSQL server did not start. %1
%2</source>
        <translation>El servidor local de PostgreSQL no se ha iniciado. %1
%2</translation>
    </message>
    <message>
        <source>Cannot connect to the local PostgreSQL: %1</source>
        <translation>No se puede conectar con el PostgreSQL local: %1</translation>
    </message>
    <message>
        <source>Cannot create the database: %1</source>
        <translation>No se puede crear la base de datos: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Maitre</source>
        <translation>Maitre</translation>
    </message>
    <message>
        <source>Preparing the database…</source>
        <translation>Preparando la base de datos…</translation>
    </message>
    <message>
        <source>%1 — Maitre</source>
        <translation>%1 — Maitre</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Mesas</translation>
    </message>
    <message>
        <source>● Database connected</source>
        <translation>● Base de datos conectada</translation>
    </message>
    <message>
        <source>● Database unavailable</source>
        <translation>● Base de datos no disponible</translation>
    </message>
    <message>
        <source>Diner page not served</source>
        <translation>Página para comensales no disponible</translation>
    </message>
    <message>
        <source>Diners: %1</source>
        <translation>Comensales: %1</translation>
    </message>
    <message>
        <source>Diners connected: %1</source>
        <translation>Comensales conectados: %1</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <source>The database is at schema version %1, newer than this Maitre understands (%2). Install a newer Maitre to use it.</source>
        <translation>La base de datos está en la versión de esquema %1, más reciente que la que admite esta versión de Maitre (%2). Instale una versión más reciente de Maitre para usarla.</translation>
    </message>
</context>
<context>
    <name>OrderStatus</name>
    <message>
        <source>An order that is %1 cannot become %2.</source>
        <translation>Un pedido en estado %1 no puede pasar a %2.</translation>
    </message>
</context>
<context>
    <name>PartyStatus</name>
    <message>
        <source>A party that is %1 cannot become %2.</source>
        <translation>Un grupo en estado %1 no puede pasar a %2.</translation>
    </message>
</context>
<context>
    <name>Problem</name>
    <message>
        <source>Invalid field</source>
        <translation>Campo no válido</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflicto</translation>
    </message>
    <message>
        <source>Service unavailable</source>
        <translation>Servicio no disponible</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>Error interno</translation>
    </message>
    <message>
        <source>Something went wrong on our side. Please try again.</source>
        <translation>Algo ha fallado por nuestra parte. Vuelva a intentarlo.</translation>
    </message>
</context>
<context>
    <name>RestaurantService</name>
    <message>
        <source>Give the restaurant a name (up to 200 characters).</source>
        <translation>Asigne un nombre al restaurante (hasta 200 caracteres).</translation>
    </message>
</context>
<context>
    <name>Sql</name>
    <message>
        <source>The database is not reachable: %1</source>
        <translation>No se puede acceder a la base de datos: %1</translation>
    </message>
</context>
<context>
    <name>StartupPage</name>
    <message>
        <source>Maitre</source>
        <translation>Maitre</translation>
    </message>
    <message>
        <source>Load the demo restaurant</source>
        <translation>Cargar el restaurante de demostración</translation>
    </message>
    <message>
        <source>Start with my restaurant</source>
        <translation>Empezar con mi restaurante</translation>
    </message>
    <message>
        <source>Restaurant name</source>
        <translation>Nombre del restaurante</translation>
    </message>
    <message>
        <source>Welcome! Try Maitre with a demo restaurant (tables, a menu with prices and prep times), or start with your own.</source>
        <translation>¡Bienvenido! Pruebe Maitre con un restaurante de demostración (mesas, una carta con precios y tiempos de preparación) o empiece con el suyo.</translation>
    </message>
    <message>
        <source>Creating the demo restaurant…</source>
        <translation>Creando el restaurante de demostración…</translation>
    </message>
    <message>
        <source>Type your restaurant&apos;s name first.</source>
        <translation>Escriba primero el nombre de su restaurante.</translation>
    </message>
    <message>
        <source>Creating %1…</source>
        <translation>Creando %1…</translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <source>Maitre is shutting down.</source>
        <translation>Maitre se está cerrando.</translation>
    </message>
</context>
<context>
    <name>TableListModel</name>
    <message>
        <source>Free</source>
        <translation>Libre</translation>
    </message>
    <message>
        <source>Occupied</source>
        <translation>Ocupada</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reservada</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Fuera de servicio</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Mesa</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Plazas</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Table %1, seats: %2</source>
        <translation>Mesa %1, plazas: %2</translation>
    </message>
</context>
<context>
    <name>TablesView</name>
    <message>
        <source>Tables</source>
        <translation>Mesas</translation>
    </message>
    <message>
        <source>Loading tables…</source>
        <translation>Cargando mesas…</translation>
    </message>
    <message>
        <source>The tables could not be loaded: %1</source>
        <translation>No se han podido cargar las mesas: %1</translation>
    </message>
    <message>
        <source>No tables yet. Add the dining room&apos;s tables in the settings.</source>
        <translation>Todavía no hay mesas. Añada las mesas del comedor en la configuración.</translation>
    </message>
    <message>
        <source>Tables: %1 · Seats: %2 · Occupied: %3</source>
        <translation>Mesas: %1 · Plazas: %2 · Ocupadas: %3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Try &apos;maitre --help&apos; for the options.</source>
        <translation>Pruebe &apos;maitre --help&apos; para ver las opciones.</translation>
    </message>
    <message>
        <source>Maitre is serving diners at %1
</source>
        <translation>Maitre atiende a los comensales en %1
</translation>
    </message>
</context>
</TS>

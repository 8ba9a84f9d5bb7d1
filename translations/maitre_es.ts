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
    <message>
        <source>Open as the kitchen display, full screen (tickets, bump and recall).</source>
        <translation>Abrir como pantalla de cocina, a pantalla completa (comandas, despachar y recuperar).</translation>
    </message>
    <message>
        <source>With --kitchen: show only station NAME&apos;s tickets (e.g. grill), or &quot;expo&quot; for whole orders.</source>
        <translation>Con --kitchen: mostrar solo las comandas de la estación NOMBRE (p. ej. grill), o &quot;expo&quot; para pedidos completos.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOMBRE</translation>
    </message>
    <message>
        <source>--station needs a station name, such as grill or expo.</source>
        <translation>--station necesita el nombre de una estación, como grill o expo.</translation>
    </message>
    <message>
        <source>--kitchen opens a window; it cannot be used with --headless.</source>
        <translation>--kitchen abre una ventana; no se puede usar con --headless.</translation>
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
    <name>DinerJson</name>
    <message>
        <source>%1 must be %2.</source>
        <translation>%1 debe ser %2.</translation>
    </message>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation>El cuerpo de la petición no es un objeto JSON.</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>un texto</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un número entero</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>una lista</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objeto</translation>
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
    <name>KitchenCardDelegate</name>
    <message>
        <source>PRE-ORDER</source>
        <translation>PREPEDIDO</translation>
    </message>
    <message>
        <source>TAKEOUT</source>
        <translation>PARA LLEVAR</translation>
    </message>
    <message>
        <source>DELIVERY</source>
        <translation>A DOMICILIO</translation>
    </message>
    <message>
        <source>VOICE</source>
        <translation>TELÉFONO</translation>
    </message>
    <message>
        <source>DINE-IN</source>
        <translation>EN SALA</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>RECALLED</source>
        <translation>RECUPERADA</translation>
    </message>
</context>
<context>
    <name>KitchenChit</name>
    <message>
        <source>Dine in</source>
        <translation>En sala</translation>
    </message>
    <message>
        <source>Takeout</source>
        <translation>Para llevar</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>A domicilio</translation>
    </message>
    <message>
        <source>Pre-order</source>
        <translation>Pedido anticipado</translation>
    </message>
    <message>
        <source>Phone order</source>
        <translation>Pedido telefónico</translation>
    </message>
    <message>
        <source>EXPO</source>
        <translation>PASE</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>Pedido %1</translation>
    </message>
    <message>
        <source>Table %1</source>
        <translation>Mesa %1</translation>
    </message>
    <message>
        <source>In %1, printed %2</source>
        <translation>Entrada %1, impresa %2</translation>
    </message>
    <message>
        <source>RECALLED</source>
        <translation>RECUPERADA</translation>
    </message>
    <message>
        <source>%1 x %2</source>
        <translation>%1 x %2</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Nota: %1</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Comanda %1</translation>
    </message>
</context>
<context>
    <name>KitchenPrintRouter</name>
    <message>
        <source>Ticket %1 could not be loaded for printing: %2</source>
        <translation>No se pudo cargar la comanda %1 para imprimirla: %2</translation>
    </message>
</context>
<context>
    <name>KitchenPrinter</name>
    <message>
        <source>&quot;%1&quot; is not a printer address; use tcp://HOST:9100 or pdf:/DIRECTORY.</source>
        <translation>&quot;%1&quot; no es una dirección de impresora; use tcp://HOST:9100 o pdf:/DIRECTORIO.</translation>
    </message>
    <message>
        <source>The printer at %1 cannot be reached: %2</source>
        <translation>No se puede contactar con la impresora %1: %2</translation>
    </message>
    <message>
        <source>The printer at %1 stopped taking the chit: %2</source>
        <translation>La impresora %1 dejó de recibir la comanda: %2</translation>
    </message>
    <message>
        <source>The chit folder %1 cannot be created.</source>
        <translation>No se puede crear la carpeta de comandas %1.</translation>
    </message>
</context>
<context>
    <name>KitchenService</name>
    <message>
        <source>That ticket does not exist.</source>
        <translation>Esa comanda no existe.</translation>
    </message>
    <message>
        <source>No such restaurant.</source>
        <translation>Ese restaurante no existe.</translation>
    </message>
    <message>
        <source>Order %1 (expo)</source>
        <translation>Pedido %1 (pase)</translation>
    </message>
    <message>
        <source>Order %1 (%2)</source>
        <translation>Pedido %1 (%2)</translation>
    </message>
    <message>
        <source>No such order.</source>
        <translation>Ese pedido no existe.</translation>
    </message>
    <message>
        <source>That ticket item does not exist.</source>
        <translation>Esa línea de comanda no existe.</translation>
    </message>
    <message>
        <source>Order %1 was cancelled.</source>
        <translation>El pedido %1 se canceló.</translation>
    </message>
    <message>
        <source>Order %1 is held until it is fired.</source>
        <translation>El pedido %1 está retenido hasta que se envíe a cocina.</translation>
    </message>
    <message>
        <source>Order %1 has already left the kitchen.</source>
        <translation>El pedido %1 ya ha salido de cocina.</translation>
    </message>
    <message>
        <source>%1 was already bumped.</source>
        <translation>%1 ya se despachó.</translation>
    </message>
    <message>
        <source>%1 is not bumped; there is nothing to recall.</source>
        <translation>%1 no se ha despachado; no hay nada que recuperar.</translation>
    </message>
    <message>
        <source>Order %1 is %2; only a received order goes to the kitchen.</source>
        <translation>El pedido %1 está en estado %2; solo un pedido recibido pasa a cocina.</translation>
    </message>
    <message>
        <source>%1 is already started.</source>
        <translation>%1 ya se empezó.</translation>
    </message>
    <message>
        <source>Order %1 is not ready yet: a station is still working on it.</source>
        <translation>El pedido %1 aún no está listo: una partida sigue trabajando en él.</translation>
    </message>
    <message>
        <source>There is no bumped ticket to recall.</source>
        <translation>No hay ninguna comanda despachada que recuperar.</translation>
    </message>
</context>
<context>
    <name>KitchenTicketModel</name>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Order %1: %2</source>
        <translation>Pedido %1: %2</translation>
    </message>
</context>
<context>
    <name>KitchenView</name>
    <message>
        <source>the database cannot be reached (%1).</source>
        <translation>no se puede acceder a la base de datos (%1).</translation>
    </message>
    <message>
        <source>something went wrong (%1).</source>
        <translation>algo ha fallado (%1).</translation>
    </message>
    <message>
        <source>%1× %2</source>
        <translation>%1× %2</translation>
    </message>
    <message>
        <source>Bump ⏎</source>
        <translation>Despachar ⏎</translation>
    </message>
    <message>
        <source>↶ Recall</source>
        <translation>↶ Recuperar</translation>
    </message>
    <message>
        <source>Kitchen</source>
        <translation>Cocina</translation>
    </message>
    <message>
        <source>Which tickets this screen shows</source>
        <translation>Qué comandas muestra esta pantalla</translation>
    </message>
    <message>
        <source>Loading the tickets…</source>
        <translation>Cargando las comandas…</translation>
    </message>
    <message>
        <source>Bump the selected ticket (Enter)</source>
        <translation>Despachar la comanda seleccionada (Intro)</translation>
    </message>
    <message>
        <source>Bring back the ticket bumped last (Backspace or R)</source>
        <translation>Recuperar la última comanda despachada (Retroceso o R)</translation>
    </message>
    <message>
        <source>COMING UP</source>
        <translation>PRÓXIMOS</translation>
    </message>
    <message>
        <source>ALL DAY</source>
        <translation>TOTALES</translation>
    </message>
    <message>
        <source>1–9 or arrows: select   ·   Enter: bump   ·   Backspace or R: recall the last bump</source>
        <translation>1–9 o flechas: seleccionar   ·   Intro: despachar   ·   Retroceso o R: recuperar la última</translation>
    </message>
    <message>
        <source>The tickets could not be loaded: %1</source>
        <translation>No se pudieron cargar las comandas: %1</translation>
    </message>
    <message>
        <source>Select a ticket first: a number key, the arrows or a tap.</source>
        <translation>Primero seleccione una comanda: una tecla numérica, las flechas o un toque.</translation>
    </message>
    <message>
        <source>Recalled %1.</source>
        <translation>%1 recuperada.</translation>
    </message>
    <message>
        <source>1 open ticket</source>
        <translation>1 comanda abierta</translation>
    </message>
    <message>
        <source>%1 open tickets</source>
        <translation>%1 comandas abiertas</translation>
    </message>
    <message>
        <source>  ·  oldest %1</source>
        <translation>  ·  la más antigua %1</translation>
    </message>
    <message>
        <source>  ·  %1 coming up</source>
        <translation>  ·  %1 próximos</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>Todas las estaciones</translation>
    </message>
    <message>
        <source>Expo (whole orders)</source>
        <translation>Pase (pedidos completos)</translation>
    </message>
    <message>
        <source>No pre-orders waiting</source>
        <translation>Ningún prepedido en espera</translation>
    </message>
    <message>
        <source>when seated</source>
        <translation>al sentarse</translation>
    </message>
    <message>
        <source>fire now</source>
        <translation>marchar ya</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>en %1 min</translation>
    </message>
    <message>
        <source>1 guest</source>
        <translation>1 comensal</translation>
    </message>
    <message>
        <source>%1 guests</source>
        <translation>%1 comensales</translation>
    </message>
    <message>
        <source>Nothing to cook</source>
        <translation>Nada que cocinar</translation>
    </message>
    <message>
        <source>Back online — caught up on changes since %1</source>
        <translation>De nuevo en línea — al día con los cambios desde las %1</translation>
    </message>
    <message>
        <source>Offline since %1 — bumps may not be saved and other screens&apos; changes are not shown</source>
        <translation>Sin conexión desde las %1 — puede que los despachos no se guarden y no se ven los cambios de otras pantallas</translation>
    </message>
    <message>
        <source>Back online — catching up on changes since %1…</source>
        <translation>De nuevo en línea — poniéndose al día con los cambios desde las %1…</translation>
    </message>
    <message>
        <source>No open tickets.
New orders appear here as they are fired.</source>
        <translation>No hay comandas abiertas.
Los pedidos nuevos aparecen aquí en cuanto se envían a cocina.</translation>
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
    <message>
        <source>Queue</source>
        <translation>Cola</translation>
    </message>
    <message>
        <source>Kitchen</source>
        <translation>Cocina</translation>
    </message>
    <message numerus="yes">
        <source>Printer %1: %2 (%n chit(s) waiting)</source>
        <translation>
            <numerusform>Impresora %1: %2 (%n comanda en espera)</numerusform>
            <numerusform>Impresora %1: %2 (%n comandas en espera)</numerusform>
        </translation>
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
    <message>
        <source>An order that is %1 cannot go back to preparing.</source>
        <translation>Un pedido en estado %1 no puede volver a preparación.</translation>
    </message>
</context>
<context>
    <name>PartyListModel</name>
    <message>
        <source>Waiting</source>
        <translation>Esperando</translation>
    </message>
    <message>
        <source>Hold expired</source>
        <translation>Reserva vencida</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>Avisado</translation>
    </message>
    <message>
        <source>Seated</source>
        <translation>Sentado</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No se presentó</translation>
    </message>
    <message>
        <source>%1 min over</source>
        <translation>%1 min de más</translation>
    </message>
    <message>
        <source>%1 min left</source>
        <translation>quedan %1 min</translation>
    </message>
    <message>
        <source>for %1 min</source>
        <translation>desde hace %1 min</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 plato</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 platos</translation>
    </message>
    <message>
        <source>held</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>fired</source>
        <translation>en cocina</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>listo</translation>
    </message>
    <message>
        <source>served</source>
        <translation>servido</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>No table fits</source>
        <translation>Ninguna mesa cabe</translation>
    </message>
    <message>
        <source>Walk-in added by the host</source>
        <translation>Sin reserva, añadido por el jefe de sala</translation>
    </message>
    <message>
        <source>Joined from a phone</source>
        <translation>Se apuntó desde el móvil</translation>
    </message>
    <message>
        <source>Phone: %1</source>
        <translation>Teléfono: %1</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>Notas: %1</translation>
    </message>
    <message>
        <source>Joined at %1</source>
        <translation>Llegó a las %1</translation>
    </message>
    <message>
        <source>Likely %1 min (%2–%3) with %4 ahead; quoted %5 min when they joined</source>
        <translation>Probablemente %1 min (%2–%3) con %4 delante; se le dijeron %5 min al llegar</translation>
    </message>
    <message>
        <source>Quoted %1 min when they joined</source>
        <translation>Se le dijeron %1 min al llegar</translation>
    </message>
    <message>
        <source>Notified at %1; table held until %2</source>
        <translation>Avisado a las %1; mesa guardada hasta las %2</translation>
    </message>
    <message>
        <source>Seated at %1</source>
        <translation>Sentado a las %1</translation>
    </message>
    <message>
        <source>%1× %2</source>
        <translation>%1× %2</translation>
    </message>
    <message>
        <source>%1× %2 (%3)</source>
        <translation>%1× %2 (%3)</translation>
    </message>
    <message>
        <source>Fires to the kitchen at %1</source>
        <translation>Pasa a cocina a las %1</translation>
    </message>
    <message>
        <source>walk-in</source>
        <translation>sin reserva</translation>
    </message>
    <message>
        <source>quoted %1</source>
        <translation>dicho %1</translation>
    </message>
    <message>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Pers.</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Espera</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Previsto</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Pre-order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Mesas</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
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
    <name>PdfChitRenderer</name>
    <message>
        <source>Kitchen chit %1</source>
        <translation>Comanda de cocina %1</translation>
    </message>
    <message>
        <source>The chit could not be drawn as a PDF.</source>
        <translation>No se pudo generar la comanda como PDF.</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>No se puede escribir %1: %2</translation>
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
    <name>QrCodeWidget</name>
    <message>
        <source>Diners scan this to join the queue. Click to show it full screen.</source>
        <translation>Los comensales lo escanean para apuntarse a la cola. Haga clic para verlo a pantalla completa.</translation>
    </message>
    <message>
        <source>Diner page not served</source>
        <translation>Página para comensales no disponible</translation>
    </message>
    <message>
        <source>Join QR code for %1</source>
        <translation>Código QR para apuntarse en %1</translation>
    </message>
    <message>
        <source>Diner page not served: diners cannot join from their phones right now.</source>
        <translation>Página para comensales no disponible: ahora mismo no pueden apuntarse desde el móvil.</translation>
    </message>
</context>
<context>
    <name>QrPosterWindow</name>
    <message>
        <source>Scan to join the queue</source>
        <translation>Escanee para apuntarse a la cola</translation>
    </message>
    <message>
        <source>Click or press Esc to close</source>
        <translation>Haga clic o pulse Esc para cerrar</translation>
    </message>
    <message>
        <source>Point your phone&apos;s camera at the code: see the wait, join, pre-order.</source>
        <translation>Apunte la cámara del móvil al código: vea la espera, apúntese y pida con antelación.</translation>
    </message>
</context>
<context>
    <name>QueueController</name>
    <message>
        <source>Too many requests</source>
        <translation>Demasiadas peticiones</translation>
    </message>
    <message>
        <source>Please try again in %1 s.</source>
        <translation>Vuelva a intentarlo dentro de %1 s.</translation>
    </message>
    <message>
        <source>There is no party with that link.</source>
        <translation>No hay ningún grupo con ese enlace.</translation>
    </message>
    <message>
        <source>party_size must be a whole number from 1 to %1.</source>
        <translation>party_size debe ser un número entero de 1 a %1.</translation>
    </message>
    <message>
        <source>Malformed request</source>
        <translation>Petición mal formada</translation>
    </message>
    <message>
        <source>The Idempotency-Key is too long.</source>
        <translation>La Idempotency-Key es demasiado larga.</translation>
    </message>
</context>
<context>
    <name>QueueService</name>
    <message>
        <source>No such restaurant.</source>
        <translation>Ese restaurante no existe.</translation>
    </message>
    <message>
        <source>No such party in the queue.</source>
        <translation>Ese grupo no está en la cola.</translation>
    </message>
    <message>
        <source>Please tell us a name to call.</source>
        <translation>Díganos un nombre para llamarle.</translation>
    </message>
    <message>
        <source>The name is too long (at most %1 characters).</source>
        <translation>El nombre es demasiado largo (como máximo %1 caracteres).</translation>
    </message>
    <message>
        <source>Party size must be from 1 to %1.</source>
        <translation>El grupo debe ser de 1 a %1 personas.</translation>
    </message>
    <message>
        <source>That does not look like a phone number.</source>
        <translation>Eso no parece un número de teléfono.</translation>
    </message>
    <message>
        <source>Notes are limited to 500 characters.</source>
        <translation>Las notas tienen un máximo de 500 caracteres.</translation>
    </message>
    <message>
        <source>A pre-order has at most %1 lines.</source>
        <translation>Un pedido anticipado tiene como máximo %1 líneas.</translation>
    </message>
    <message>
        <source>Choose a dish from the menu.</source>
        <translation>Elija un plato de la carta.</translation>
    </message>
    <message>
        <source>Quantity must be from 1 to %1.</source>
        <translation>La cantidad debe ser de 1 a %1.</translation>
    </message>
    <message>
        <source>Notes are limited to %1 characters.</source>
        <translation>Las notas tienen un máximo de %1 caracteres.</translation>
    </message>
    <message>
        <source>Choose a table to seat the party at.</source>
        <translation>Elija una mesa para sentar al grupo.</translation>
    </message>
    <message>
        <source>Table %1 is not free.</source>
        <translation>La mesa %1 no está libre.</translation>
    </message>
    <message>
        <source>Table %1 cannot be combined with others.</source>
        <translation>La mesa %1 no se puede juntar con otras.</translation>
    </message>
    <message>
        <source>That table does not exist.</source>
        <translation>Esa mesa no existe.</translation>
    </message>
    <message>
        <source>Those tables seat %1; the party is %2.</source>
        <translation>Esas mesas tienen %1 plazas; el grupo es de %2.</translation>
    </message>
    <message>
        <source>Seat a party at the table to make it occupied.</source>
        <translation>Siente a un grupo en la mesa para ocuparla.</translation>
    </message>
    <message>
        <source>%1 is taken by %2&apos;s party; finish the party first.</source>
        <translation>%1 está ocupada por el grupo de %2; termine ese grupo primero.</translation>
    </message>
    <message>
        <source>The name contains characters we cannot show.</source>
        <translation>El nombre contiene caracteres que no podemos mostrar.</translation>
    </message>
    <message>
        <source>The notes contain characters we cannot show.</source>
        <translation>Las notas contienen caracteres que no podemos mostrar.</translation>
    </message>
    <message>
        <source>The note contains characters we cannot show.</source>
        <translation>La nota contiene caracteres que no podemos mostrar.</translation>
    </message>
    <message>
        <source>This Idempotency-Key was already used for a different request.</source>
        <translation>Esta Idempotency-Key ya se usó para otra petición.</translation>
    </message>
    <message>
        <source>There is no dish %1 on the menu.</source>
        <translation>No hay ningún plato %1 en la carta.</translation>
    </message>
    <message>
        <source>%1 is not available right now.</source>
        <translation>%1 no está disponible ahora mismo.</translation>
    </message>
    <message>
        <source>We cannot seat a party of %1 from the online queue. Please ask at the door.</source>
        <translation>No podemos sentar a un grupo de %1 desde la cola en línea. Pregunte en la entrada, por favor.</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>the database cannot be reached (%1). Try again in a moment.</source>
        <translation>no se puede acceder a la base de datos (%1). Inténtelo de nuevo en un momento.</translation>
    </message>
    <message>
        <source>something went wrong (%1).</source>
        <translation>algo ha fallado (%1).</translation>
    </message>
    <message>
        <source>Show seated</source>
        <translation>Mostrar sentados</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Pantalla completa</translation>
    </message>
    <message>
        <source>Print poster…</source>
        <translation>Imprimir cartel…</translation>
    </message>
    <message>
        <source>+ Walk-in</source>
        <translation>+ Sin reserva</translation>
    </message>
    <message>
        <source>Notify</source>
        <translation>Avisar</translation>
    </message>
    <message>
        <source>Seat…</source>
        <translation>Sentar…</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No vino</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>Cancelar…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Cola</translation>
    </message>
    <message>
        <source>Loading the queue…</source>
        <translation>Cargando la cola…</translation>
    </message>
    <message>
        <source>Show the join code full screen for diners to scan</source>
        <translation>Mostrar el código a pantalla completa para que lo escaneen los comensales</translation>
    </message>
    <message>
        <source>Print a &quot;scan to join&quot; poster for the door</source>
        <translation>Imprimir un cartel «escanee para apuntarse» para la puerta</translation>
    </message>
    <message>
        <source>Diners scan
to join</source>
        <translation>Escanear
para apuntarse</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Hold expired</source>
        <translation>Reserva vencida</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>Avisado</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Esperando</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 platos</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source> or </source>
        <translation> o </translation>
    </message>
    <message>
        <source>Add a party that walked in</source>
        <translation>Añadir un grupo que llega sin reserva</translation>
    </message>
    <message>
        <source>Tell the party their table is ready</source>
        <translation>Avisar al grupo de que su mesa está lista</translation>
    </message>
    <message>
        <source>Seat the party at a table</source>
        <translation>Sentar al grupo en una mesa</translation>
    </message>
    <message>
        <source>The party did not come when called</source>
        <translation>El grupo no vino cuando se le avisó</translation>
    </message>
    <message>
        <source>Take the party out of the queue</source>
        <translation>Sacar al grupo de la cola</translation>
    </message>
    <message>
        <source>The party has left; their tables need cleaning</source>
        <translation>El grupo se ha ido; hay que limpiar sus mesas</translation>
    </message>
    <message>
        <source>The queue could not be loaded: %1</source>
        <translation>No se ha podido cargar la cola: %1</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 esperando</translation>
    </message>
    <message>
        <source>%1 notified (%2 expired)</source>
        <translation>%1 avisados (%2 vencidos)</translation>
    </message>
    <message>
        <source>%1 notified</source>
        <translation>%1 avisados</translation>
    </message>
    <message>
        <source>1 cover</source>
        <translation>1 cubierto</translation>
    </message>
    <message>
        <source>%1 covers</source>
        <translation>%1 cubiertos</translation>
    </message>
    <message>
        <source>longest %1 min</source>
        <translation>máx. %1 min</translation>
    </message>
    <message>
        <source>1 table free</source>
        <translation>1 mesa libre</translation>
    </message>
    <message>
        <source>%1 tables free</source>
        <translation>%1 mesas libres</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (party of %2) added: quote %3 min, code %4.</source>
        <translation>%1 (grupo de %2) añadido: espera prevista %3 min, código %4.</translation>
    </message>
    <message>
        <source>%1 could not be added: %2</source>
        <translation>No se ha podido añadir a %1: %2</translation>
    </message>
    <message>
        <source>%1 could not be notified</source>
        <translation>No se ha podido avisar a %1</translation>
    </message>
    <message>
        <source>%1 notified: their table is held for %2 min.</source>
        <translation>%1 avisado: su mesa se guarda %2 min.</translation>
    </message>
    <message>
        <source>%1 could not be seated</source>
        <translation>No se ha podido sentar a %1</translation>
    </message>
    <message>
        <source>%1 seated at %2.</source>
        <translation>%1 sentado en %2.</translation>
    </message>
    <message>
        <source>%1 could not be marked as a no-show</source>
        <translation>No se ha podido marcar que %1 no vino</translation>
    </message>
    <message>
        <source>%1 marked as a no-show.</source>
        <translation>%1 marcado como que no vino.</translation>
    </message>
    <message>
        <source>Take %1&apos;s party of %2 out of the queue?</source>
        <translation>¿Sacar de la cola al grupo de %2 de %1?</translation>
    </message>
    <message>
        <source>Their pre-order will be cancelled too.</source>
        <translation>También se cancelará su pedido anticipado.</translation>
    </message>
    <message>
        <source>Cancel party</source>
        <translation>Cancelar grupo</translation>
    </message>
    <message>
        <source>Keep in queue</source>
        <translation>Dejar en la cola</translation>
    </message>
    <message>
        <source>%1 could not be cancelled</source>
        <translation>No se ha podido cancelar a %1</translation>
    </message>
    <message>
        <source>%1&apos;s party was cancelled.</source>
        <translation>Se ha cancelado el grupo de %1.</translation>
    </message>
    <message>
        <source>%1 could not be marked done</source>
        <translation>No se ha podido dar por terminado a %1</translation>
    </message>
    <message>
        <source>%1&apos;s party has left; their tables need cleaning.</source>
        <translation>El grupo de %1 se ha ido; hay que limpiar sus mesas.</translation>
    </message>
    <message>
        <source>%1 is free.</source>
        <translation>%1 está libre.</translation>
    </message>
    <message>
        <source>%1 is out of service.</source>
        <translation>%1 está fuera de servicio.</translation>
    </message>
    <message>
        <source>%1 could not be changed</source>
        <translation>No se ha podido cambiar %1</translation>
    </message>
    <message>
        <source>Scan to join the queue</source>
        <translation>Escanee para apuntarse a la cola</translation>
    </message>
    <message>
        <source>Print the join poster</source>
        <translation>Imprimir el cartel para apuntarse</translation>
    </message>
    <message>
        <source>The poster could not be printed: the printer is not ready.</source>
        <translation>No se ha podido imprimir el cartel: la impresora no está lista.</translation>
    </message>
    <message>
        <source>The poster was sent to the printer.</source>
        <translation>El cartel se ha enviado a la impresora.</translation>
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
    <name>SeatDialog</name>
    <message>
        <source>Combine tables</source>
        <translation>Juntar mesas</translation>
    </message>
    <message>
        <source>Seat %1</source>
        <translation>Sentar a %1</translation>
    </message>
    <message>
        <source>Seat %1 · party of %2</source>
        <translation>Sentar a %1 · grupo de %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 spare</source>
        <translation>%1 · %2 · %3 de sobra</translation>
    </message>
    <message>
        <source>No single free table seats %1. Combine tables below.</source>
        <translation>Ninguna mesa libre tiene sitio para %1. Junte mesas abajo.</translation>
    </message>
    <message>
        <source>Seat</source>
        <translation>Sentar</translation>
    </message>
    <message>
        <source>Free tables that fit, smallest first:</source>
        <translation>Mesas libres con sitio, de menor a mayor:</translation>
    </message>
    <message>
        <source>Check the tables to push together.</source>
        <translation>Marque las mesas que va a juntar.</translation>
    </message>
    <message>
        <source>Choose a table.</source>
        <translation>Elija una mesa.</translation>
    </message>
    <message>
        <source>%1 for a party of %2</source>
        <translation>%1 para un grupo de %2</translation>
    </message>
    <message>
        <source>%1 for a party of %2: %3 more needed</source>
        <translation>%1 para un grupo de %2: faltan %3</translation>
    </message>
</context>
<context>
    <name>ServerContext</name>
    <message>
        <source>Not open yet</source>
        <translation>Aún no está abierto</translation>
    </message>
    <message>
        <source>The restaurant is still being set up. Please try again soon.</source>
        <translation>El restaurante aún se está configurando. Vuelva a intentarlo en breve.</translation>
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
    <name>StaticController</name>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>There is nothing at /%1.</source>
        <translation>No hay nada en /%1.</translation>
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
    <message>
        <source>Needs cleaning</source>
        <translation>Hay que limpiarla</translation>
    </message>
</context>
<context>
    <name>TablesPanel</name>
    <message>
        <source>Tables</source>
        <translation>Mesas</translation>
    </message>
    <message>
        <source>1 seat</source>
        <translation>1 plaza</translation>
    </message>
    <message>
        <source>%1 seats</source>
        <translation>%1 plazas</translation>
    </message>
    <message>
        <source>To clean</source>
        <translation>Por limpiar</translation>
    </message>
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
        <source>Mark free</source>
        <translation>Marcar libre</translation>
    </message>
    <message>
        <source>The table has been cleaned and is ready for the next party</source>
        <translation>La mesa ya está limpia y lista para el siguiente grupo</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>combinable</source>
        <translation>se puede juntar</translation>
    </message>
    <message>
        <source>Table %1 · %2 · %3</source>
        <translation>Mesa %1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1&apos;s party of %2</source>
        <translation>Grupo de %2 de %1</translation>
    </message>
    <message>
        <source>%1 free</source>
        <translation>%1 libres</translation>
    </message>
    <message>
        <source>%1 occupied</source>
        <translation>%1 ocupadas</translation>
    </message>
    <message>
        <source>%1 to clean</source>
        <translation>%1 por limpiar</translation>
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
    <name>WalkInDialog</name>
    <message>
        <source>Add walk-in</source>
        <translation>Añadir sin reserva</translation>
    </message>
    <message>
        <source>Name to call</source>
        <translation>Nombre para llamarles</translation>
    </message>
    <message>
        <source>Optional, to text them</source>
        <translation>Opcional, para enviarles un mensaje</translation>
    </message>
    <message>
        <source>Optional: high chair, wheelchair, outside…</source>
        <translation>Opcional: trona, silla de ruedas, terraza…</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>Añadir a la cola</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>Party &amp;size</source>
        <translation>&amp;Personas</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Teléfono</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>N&amp;otas</translation>
    </message>
    <message>
        <source>The wait could not be worked out right now.</source>
        <translation>Ahora mismo no se puede calcular la espera.</translation>
    </message>
    <message>
        <source>No table seats %1 on its own: combine tables when seating.</source>
        <translation>Ninguna mesa sola tiene sitio para %1: junte mesas al sentarles.</translation>
    </message>
    <message>
        <source>A party of %1 can sit down now.</source>
        <translation>Un grupo de %1 puede sentarse ya.</translation>
    </message>
    <message>
        <source>Quote for %1: about %2 min (%3–%4)</source>
        <translation>Espera para %1: unos %2 min (%3–%4)</translation>
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
